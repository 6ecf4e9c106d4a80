/**
 * A workbench with one simulated CPE set up for the test suite (`cwmp-workbench test --sim`, the suite's
 * own integration tests and benchmark): the CPE informs over HTTPS trusting the lab CA, protects its
 * connection requests with Digest (the ACS is given the credentials), retries and reboots quickly, and may
 * be given deliberate faults (src-main/sim/fault-switches.ts) to prove the suite catches them.
 */
import { randomBytes } from 'node:crypto';
import { createWorkbench, type Workbench } from './workbench';
import { createSimulator, type Simulator } from '../sim/index';
import type { SimFaultName } from '../sim/fault-switches';
import { LAB_CA_LABEL } from '../tls/acs-tls';
import type { DeviceHooks } from '../testing/host-ops';

export interface SimBenchOptions {
  dataDir: string;
  /** ACS ports; default 0 (any free port). */
  acsPort?: number;
  acsTlsPort?: number;
  /** The CPE talks to the ACS over HTTPS (default true; the secure-CWMP cases need it). */
  https?: boolean;
  faults?: SimFaultName[];
}

export interface SimBench {
  workbench: Workbench;
  simulator: Simulator;
  deviceId: string;
  hooks: DeviceHooks;
  stop(): Promise<void>;
}

function pem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

export async function startSimBench(options: SimBenchOptions): Promise<SimBench> {
  const workbench = await createWorkbench({
    dataDir: options.dataDir,
    host: '127.0.0.1',
    acsPort: options.acsPort ?? 0,
    acsTlsPort: options.acsTlsPort ?? 0,
    uiPort: 0,
    sim: 0,
    shell: 'headless',
    serveUi: false,
    record: false,
  });
  await workbench.start();
  let simulator: Simulator | undefined;
  try {
    const urls = workbench.acs.urls();
    const useHttps = (options.https ?? true) && urls.https !== undefined;
    const ca = workbench.certs.store.list().find((c) => c.meta.role === 'ca' && c.meta.label === LAB_CA_LABEL);
    if (useHttps && !ca) throw new Error('the lab CA is missing');
    const cr = { username: 'cwmp-wb-cr', password: randomBytes(9).toString('base64url') };
    const { username, password } = workbench.acs.settings.get().auth;
    simulator = await createSimulator({
      acsUrl: (useHttps ? urls.https : urls.http)!,
      count: 1,
      serialPrefix: `T${randomBytes(3).toString('hex').toUpperCase()}`,
      acsAuth: { username, password },
      connectionRequestAuth: cr,
      ...(useHttps && ca ? { tls: { ca: pem(ca.der) } } : {}),
      retryBaseMs: 200,
      rebootDelayMs: 300,
      requestTimeoutMs: 10_000,
      ...(options.faults?.length ? { faults: options.faults } : {}),
    });
    await simulator.start();
    const device = simulator.devices[0];
    await workbench.acs.handlers['devices/set-credentials']({ deviceId: device.deviceId, connectionRequest: cr });
    const sim = simulator;
    return {
      workbench,
      simulator: sim,
      deviceId: device.deviceId,
      hooks: { setLocalValue: (name, value) => device.setLocalValue(name, value) },
      async stop() {
        await sim.stop();
        await workbench.stop();
      },
    };
  } catch (err) {
    await simulator?.stop().catch(() => undefined);
    await workbench.stop().catch(() => undefined);
    throw err;
  }
}

import { networkInterfaces } from 'node:os';
import { intFlag, parseFlags, UsageError } from './args';
import { createWorkbench, type FlexiblePort, type Workbench, type WorkbenchOptions } from '../app/workbench';
import { defaultDataDir } from '../util/data-dir';
import { readSimProfile } from '../sim/profile-file';
import { parseSimFaults, SIM_FAULTS, type SimFaultName } from '../sim/fault-switches';

const USAGE = `usage: cwmp-workbench serve [options]

Runs the ACS, the simulator and the UI/API server headless, until SIGINT or SIGTERM.

  --data <dir>          data directory (default: ${defaultDataDir()})
  --host <addr>         address the ACS listens on (default 127.0.0.1; 0.0.0.0 for a bench network)
  --acs-port <n>        ACS HTTP port (default 7547; 0 = any free port)
  --acs-tls-port <n>    ACS HTTPS port (default 7548; 0 = any free port)
  --stun-port <n>       run the TR-111 STUN server (UDP connection requests) on this UDP port (0 = any free port; default: off)
  --ui-port <n>         UI and API port (default 0 = any free port)
  --ui-host <addr>      address the UI and API listen on (default 127.0.0.1)
  --token <t>           API token (default: a random one, printed in the UI URL)
  --sim <n>             start n simulated CPEs against the ACS (default 0)
  --sim-profile <file>  make them copies of a real device: a profile from "replay clone" or the app's
                        "Clone as simulator profile" (serial numbers <recorded serial>-1, -2, …)
  --sim-fault <name>    give the simulated CPEs a deliberate fault (repeatable; also CWMP_SIM_FAULTS=a,b);
                        names: ${Object.keys(SIM_FAULTS).join(', ')}
  --no-record           do not record traffic into a capture file (default: record)

Prints one line per listener on stdout: "ACS http://…", "ACS https://…", "STUN stun:…" (with --stun-port), "UI http://…/?token=…".
`;

export interface ServeArgs {
  options: Omit<WorkbenchOptions, 'shell'> & { flexiblePorts: FlexiblePort[] };
  /** The --sim-profile file, read by `run` (parsing stays synchronous). */
  simProfileFile?: string;
}

export { UsageError };

/** Parses `serve` flags; throws `UsageError` with a message fit for the user. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs | 'help' {
  const { values } = parseFlags({
    args: argv,
    allowPositionals: false,
    options: {
      data: { type: 'string' },
      host: { type: 'string' },
      'acs-port': { type: 'string' },
      'acs-tls-port': { type: 'string' },
      'stun-port': { type: 'string' },
      'ui-port': { type: 'string' },
      'ui-host': { type: 'string' },
      token: { type: 'string' },
      sim: { type: 'string' },
      'sim-profile': { type: 'string' },
      'sim-fault': { type: 'string', multiple: true },
      'no-record': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  let simFaults: SimFaultName[];
  try {
    simFaults = parseSimFaults([...(env.CWMP_SIM_FAULTS ? [env.CWMP_SIM_FAULTS] : []), ...(values['sim-fault'] ?? [])]);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const token = values.token;
  if (token !== undefined && !/^[A-Za-z0-9._~-]{8,256}$/.test(token)) {
    throw new UsageError('--token must be 8 to 256 characters of A-Z a-z 0-9 . _ ~ -');
  }
  // A default port that is taken moves to a free one; a port the user named is used or fails.
  const flexiblePorts: FlexiblePort[] = [];
  if (values['acs-port'] === undefined) flexiblePorts.push('acsPort');
  if (values['acs-tls-port'] === undefined) flexiblePorts.push('acsTlsPort');
  if (values['ui-port'] === undefined) flexiblePorts.push('uiPort');
  return {
    options: {
      dataDir: values.data ?? defaultDataDir(env),
      host: values.host ?? '127.0.0.1',
      uiHost: values['ui-host'] ?? '127.0.0.1',
      acsPort: intFlag('acs-port', values['acs-port'], 7547, 65535),
      acsTlsPort: intFlag('acs-tls-port', values['acs-tls-port'], 7548, 65535),
      uiPort: intFlag('ui-port', values['ui-port'], 0, 65535),
      ...(values['stun-port'] !== undefined ? { stunPort: intFlag('stun-port', values['stun-port'], 0, 65535) } : {}),
      token,
      sim: intFlag('sim', values.sim, 0, 10_000),
      record: values['no-record'] !== true,
      ...(simFaults.length ? { simFaults } : {}),
      flexiblePorts,
    },
    ...(values['sim-profile'] !== undefined ? { simProfileFile: values['sim-profile'] } : {}),
  };
}

/** This machine's non-loopback IPv4 addresses, for telling the user which ACS URL a CPE can use. */
export function benchAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

/** `cwmp-workbench serve`: runs until SIGINT/SIGTERM, then stops cleanly (state persisted). */
export async function run(argv: string[]): Promise<number> {
  let args: ServeArgs | 'help';
  try {
    args = parseServeArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`cwmp-workbench serve: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const note = (line: string): void => void process.stderr.write(`${line}\n`);
  if (args.simProfileFile !== undefined) {
    try {
      args.options.simProfile = await readSimProfile(args.simProfileFile);
    } catch (err) {
      note(`cwmp-workbench serve: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  }

  let workbench: Workbench;
  try {
    workbench = await createWorkbench({ ...args.options, shell: 'headless' });
  } catch (err) {
    note(`cwmp-workbench serve: could not set up the services (data in ${args.options.dataDir}): ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  // Signals before start() has finished still stop cleanly (after start settles).
  let signalled: NodeJS.Signals | undefined;
  let signalledAt = 0;
  let wake: (() => void) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    // Ctrl-C reaches the whole process group, and a wrapper (npm start) forwards it too: a repeat within a
    // second is the same request, not an impatient second one.
    if (signalled && Date.now() - signalledAt < 1000) return;
    if (signalled) {
      note(`cwmp-workbench serve: ${signal} again, exiting without waiting`);
      process.exit(130);
    }
    signalled = signal;
    signalledAt = Date.now();
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    let urls;
    try {
      urls = await workbench.start();
    } catch (err) {
      note(`cwmp-workbench serve: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    const lines: string[] = [];
    if (urls.acsHttp) lines.push(`ACS ${urls.acsHttp}`);
    if (urls.acsHttps) lines.push(`ACS ${urls.acsHttps}`);
    if (urls.stun) lines.push(`STUN ${urls.stun}`);
    if (urls.ui) lines.push(`UI ${urls.ui}`);
    process.stdout.write(lines.map((l) => `${l}\n`).join(''));
    for (const warning of workbench.warnings()) note(`cwmp-workbench: ${warning}`);
    if (urls.acsHttp && /^https?:\/\/(0\.0\.0\.0|\[::\])[:/]/.test(urls.acsHttp)) {
      const port = new URL(urls.acsHttp).port;
      const addresses = benchAddresses();
      if (addresses.length) note(`cwmp-workbench: CPEs on the bench network can use ${addresses.map((a) => `http://${a}:${port}/`).join(' or ')}`);
    }
    note(`cwmp-workbench: data in ${args.options.dataDir}${args.options.sim ? `; ${args.options.sim} simulated CPE(s)` : ''}; Ctrl-C to stop`);

    if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
    note(`cwmp-workbench: ${signalled}, stopping`);
    try {
      await workbench.stop();
    } catch (err) {
      note(`cwmp-workbench serve: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    note('cwmp-workbench: stopped');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

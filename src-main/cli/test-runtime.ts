/** The real `TestRuntime` of `cwmp-workbench test`: the suite's runner on a workbench, or on the test bench simulator. */
import { createWorkbench } from '../app/workbench';
import { portAvailable } from '../app/ports';
import { listCases } from '../testing/index';
import { startSimBench } from '../app/sim-bench';
import { createSuiteEngine } from '../testing/suite-engine';
import type { BenchStartOptions, TestBenchHandle, TestRuntime } from './test';

/** A port the user did not name moves to a free one when taken (as `serve` does). */
async function port(o: BenchStartOptions, key: 'acsPort' | 'acsTlsPort'): Promise<number> {
  const p = o[key];
  return o.flexiblePorts.includes(key) && p !== 0 && !(await portAvailable(o.host, p)) ? 0 : p;
}

export const suiteRuntime: TestRuntime = {
  listCases: (suites) => listCases({ suites }),

  async startBench(o): Promise<TestBenchHandle> {
    if (o.sim) {
      const sb = await startSimBench({ dataDir: o.dataDir, acsPort: await port(o, 'acsPort'), acsTlsPort: await port(o, 'acsTlsPort') });
      return {
        workbench: sb.workbench,
        engine: createSuiteEngine({ bench: sb.workbench, suites: o.suites, hooks: (id) => (id === sb.deviceId ? sb.hooks : undefined) }),
        simDeviceId: sb.deviceId,
        stop: () => sb.stop(),
      };
    }
    const workbench = await createWorkbench({
      dataDir: o.dataDir,
      host: o.host,
      acsPort: o.acsPort,
      acsTlsPort: o.acsTlsPort,
      flexiblePorts: o.flexiblePorts,
      uiPort: 0,
      sim: 0,
      shell: 'headless',
      serveUi: false,
    });
    await workbench.start();
    return {
      workbench,
      engine: createSuiteEngine({ bench: workbench, suites: o.suites }),
      stop: () => workbench.stop(),
    };
  },
};

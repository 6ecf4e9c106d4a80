import type { Workbench } from '../app/workbench';

/**
 * What the runner needs of a running workbench: its event hub, traffic store, ACS and certificate
 * service. A `Workbench` from `createWorkbench(...)` (after `start()`) is one.
 */
export type TestBench = Pick<Workbench, 'hub' | 'traffic' | 'acs' | 'certs'>;

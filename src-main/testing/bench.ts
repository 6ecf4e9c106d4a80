import type { AcsService } from '../acs/index';
import type { EventHub } from '../runtime/event-hub';
import type { CertService } from '../tls/index';
import type { TrafficStore } from '../traffic/traffic-store';

/**
 * What the runner needs of a running workbench: its event hub, traffic store, ACS and certificate
 * service. A started `Workbench` (src-main/app/workbench.ts) is one.
 */
export interface TestBench {
  hub: EventHub;
  traffic: TrafficStore;
  acs: AcsService;
  certs: CertService;
}

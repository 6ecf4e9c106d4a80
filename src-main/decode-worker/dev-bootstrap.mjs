// Worker entry when running from source (tsx, vitest): registers the tsx loader in this thread, then loads
// the TypeScript worker. Plain JavaScript so Node can start it without a loader. Not used by the build.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

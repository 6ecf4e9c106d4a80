import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimBench } from './src-main/app/sim-bench';
import { runTests } from './src-main/testing/index';

const dir = mkdtempSync(join(tmpdir(), 'suite-smoke-'));
const t0 = Date.now();
const b = await startSimBench({ dataDir: dir, faults: (process.env.FAULTS ?? '').split(',').filter(Boolean) as never });
console.log('bench up', Date.now() - t0, 'ms', b.deviceId);
const only = process.env.ONLY ? process.env.ONLY.split(',') : undefined;
const r = await runTests({ bench: b.workbench, deviceId: b.deviceId, suites: ['builtin'], hooks: b.hooks, only, destructive: !!process.env.DESTRUCTIVE, onProgress: (e) => { if (e.type === 'case-end') console.log(e.result.verdict.padEnd(5), String(e.result.durationMs).padStart(6), e.result.id, e.result.reason, e.result.exchanges.length); } });
console.log(r.summary, r.durationMs, 'ms', r.firmware);
console.log(JSON.stringify(b.simulator.devices[0].sessions.slice(-6).map(s => [s.events, s.ok, s.error, s.acsRequests, s.durationMs|0]))); await b.stop();

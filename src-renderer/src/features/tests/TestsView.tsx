import { useEffect, useState, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { saveFile } from '../../lib/file-io';
import { errorText } from '../../state/caller';
import { CaseDetail } from './CaseDetail';
import { CasePicker } from './CasePicker';
import { RunCompare } from './RunCompare';
import { RunHistory } from './RunHistory';
import { VerdictTable } from './VerdictTable';
import './tests.css';

/** Run the CWMP test suite against a device, watch it live, read the verdicts, compare runs. */
export function TestsView(): ReactElement {
  const { tests, devices, client } = useStores();
  const deviceList = useSlice(devices, (s) => s.devices);
  const benchDevice = useSlice(devices, (s) => s.selectedId);
  const deviceId = useSlice(tests, (s) => s.deviceId);
  const run = useSlice(tests, (s) => s.run);
  const comparison = useSlice(tests, (s) => s.comparison);
  const error = useSlice(tests, (s) => s.error);
  const busy = useSlice(tests, (s) => s.busy);
  const casesLoaded = useSlice(tests, (s) => s.casesLoaded);
  const [selectedCase, setSelectedCase] = useState<string | null>(null);

  useEffect(() => {
    if (!casesLoaded) void tests.getState().loadCases();
  }, [tests, casesLoaded]);

  // Default to the device open on the bench, else the first one.
  useEffect(() => {
    if (!deviceId && deviceList.length) tests.getState().setDevice(benchDevice ?? deviceList[0].id);
  }, [tests, deviceId, deviceList, benchDevice]);

  useEffect(() => setSelectedCase(null), [run?.runId]);

  const running = run?.status === 'running' && run.deviceId === deviceId;

  // The same files `cwmp-workbench test --html/--junit/--json` writes, made by main from the stored run.
  const exportRun = async (format: 'html' | 'junit' | 'json'): Promise<void> => {
    if (!run) return;
    try {
      const file = await client.call('tests/export', { runId: run.runId, format });
      const ext = file.suggestedName.split('.').pop() ?? format;
      await saveFile({ suggestedName: file.suggestedName, data: file.content, mediaType: file.mediaType, filters: [{ name: format.toUpperCase(), extensions: [ext] }] });
    } catch (err) {
      tests.setState({ error: errorText(err) });
    }
  };
  const device = deviceList.find((d) => d.id === deviceId);
  const result = run?.report.cases.find((c) => c.id === selectedCase);

  return (
    <div className="traffic" data-testid="tests-view">
      <div className="toolbar">
        <h2 style={{ marginRight: 8 }}>Tests</h2>
        <label>
          Device{' '}
          <select value={deviceId ?? ''} onChange={(e) => tests.getState().setDevice(e.target.value || null)} data-testid="tests-device">
            {deviceList.length === 0 ? <option value="">No devices yet</option> : null}
            {deviceList.map((d) => (
              <option key={d.id} value={d.id}>
                {d.id} {d.online ? '' : '(offline)'}
              </option>
            ))}
          </select>
        </label>
        {device?.softwareVersion ? <span className="muted mono">firmware {device.softwareVersion}</span> : null}
        <button type="button" className="btn primary" disabled={!deviceId || running || busy} onClick={() => deviceId && void tests.getState().start(deviceId)} data-testid="tests-run">
          Run
        </button>
        <button type="button" className="btn danger" disabled={!running} onClick={() => void tests.getState().stop()} data-testid="tests-stop">
          Stop
        </button>
        {run && run.deviceId === deviceId ? (
          <span data-testid="tests-progress" data-status={run.status}>
            <span className="tests-progress" aria-hidden="true">
              <span style={{ width: `${run.total ? (100 * run.done) / run.total : 0}%` }} />
            </span>{' '}
            {run.done}/{run.total} · {run.summary.pass} pass, {run.summary.fail} fail, {run.summary.error} error, {run.summary.skip} skip
            {run.status === 'running' ? (run.current ? ` · ${run.current}` : '') : ` · ${run.status}`}
          </span>
        ) : null}
        {run && run.deviceId === deviceId && run.status !== 'running' ? (
          <>
            <span className="grow" />
            <span className="muted">Report</span>
            {(['html', 'junit', 'json'] as const).map((f) => (
              <button key={f} type="button" className="btn small" onClick={() => void exportRun(f)} data-testid={`tests-export-${f}`}>
                {f === 'junit' ? 'JUnit' : f.toUpperCase()}
              </button>
            ))}
          </>
        ) : null}
      </div>
      {error ? (
        <div className="notice fault" style={{ margin: '8px 10px 0' }} role="alert">
          {error}
        </div>
      ) : null}
      <div className="traffic-body">
        <div className="tests-left">
          <CasePicker />
          {deviceId ? <RunHistory deviceId={deviceId} /> : null}
        </div>
        {comparison ? (
          <RunCompare comparison={comparison} />
        ) : run && run.deviceId === deviceId ? (
          <div className="tests-main">
            <VerdictTable run={run} selected={selectedCase} onSelect={setSelectedCase} />
            {result ? <CaseDetail result={result} /> : null}
          </div>
        ) : (
          <div className="tests-main">
            <div className="empty">{deviceId ? 'Pick cases and press Run, or open an earlier run.' : 'No device has informed yet: point a CPE at the ACS.'}</div>
          </div>
        )}
      </div>
    </div>
  );
}

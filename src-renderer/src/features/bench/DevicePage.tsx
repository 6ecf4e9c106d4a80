import { useEffect, useState, type ReactElement } from 'react';
import type { DeviceSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { loadModel } from '../../lib/data-models';
import { QuickActions } from './QuickActions';
import { ParameterTree } from './ParameterTree';
import { SummaryTab } from './SummaryTab';
import { TasksTab } from './TasksTab';
import { SessionsTab } from './SessionsTab';
import { FilesTab } from './FilesTab';
import { DeviceConformance } from '../conformance/DeviceConformance';

const TABS = ['summary', 'parameters', 'tasks', 'sessions', 'files', 'conformance'] as const;
type Tab = (typeof TABS)[number];

function assertNever(x: never): never {
  throw new Error(`Unknown tab ${String(x)}`);
}

function TabBody({ tab, device }: { tab: Tab; device: DeviceSummary }): ReactElement {
  switch (tab) {
    case 'summary':
      return <SummaryTab device={device} />;
    case 'parameters':
      return <ParameterTree device={device} />;
    case 'tasks':
      return <TasksTab device={device} />;
    case 'sessions':
      return <SessionsTab device={device} />;
    case 'files':
      return <FilesTab device={device} />;
    case 'conformance':
      return <DeviceConformance device={device} />;
    default:
      return assertNever(tab);
  }
}

export function DevicePage({ device }: { device: DeviceSummary }): ReactElement {
  const { tasks, parameters, devices } = useStores();
  const [tab, setTab] = useState<Tab>('summary');
  const lastCr = useSlice(devices, (s) => s.lastConnectionRequest[device.id]);
  // A later action on the device (any task queued after it) makes the outcome old news: the banner goes.
  const outdated = useSlice(tasks, (s) => !!lastCr && Object.values(s.byId).some((t) => t.deviceId === device.id && t.createdAt > lastCr.at));
  const cr = outdated ? undefined : lastCr;
  useEffect(() => {
    if (outdated) devices.getState().dismissConnectionRequest(device.id);
  }, [outdated, devices, device.id]);

  useEffect(() => {
    void tasks.getState().load(device.id);
    void parameters.getState().open(device.id, device.root);
    void loadModel(device.root ?? 'Device');
  }, [device.id, device.root, tasks, parameters]);

  return (
    <div className="device-page" data-testid="device-page">
      <div className="device-head">
        <div>
          <h1>
            {device.manufacturer} {device.modelName ?? device.productClass}{' '}
            {device.online ? <span className="badge ok">online</span> : <span className="badge">offline</span>}
          </h1>
          <div className="muted mono">{device.id}</div>
        </div>
        <QuickActions device={device} />
      </div>
      {cr ? (
        <div className={`notice ${cr.outcome === 'reached' ? '' : 'warn'}`} style={{ margin: '6px 14px 0', display: 'flex', gap: 8, alignItems: 'center' }} data-testid="cr-outcome">
          <span style={{ flex: 1 }}>
            Connection request: <strong>{cr.outcome}</strong> — {cr.message}
          </span>
          <button type="button" className="btn small" onClick={() => devices.getState().dismissConnectionRequest(device.id)} aria-label="Dismiss" data-testid="cr-dismiss">
            ✕
          </button>
        </div>
      ) : null}
      <div className="tabs" role="tablist" style={{ marginTop: 6 }}>
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)} data-testid={`device-tab-${t}`}>
            {t[0].toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <div className="tab-body">
        <TabBody tab={tab} device={device} />
      </div>
    </div>
  );
}

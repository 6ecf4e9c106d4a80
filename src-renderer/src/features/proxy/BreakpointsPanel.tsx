import { useState, type ReactElement } from 'react';
import type { Breakpoint, InterceptDirection } from '../../../../src-shared/api/proxy';
import { RPC_SPECS } from '../../../../src-shared/cwmp/rpc-specs';
import { useSlice, useStores } from '../../app/context';
import { breakpointsScope } from '../../state/proxy';
import { GridHead } from '../../lib/GridHead';

type Direction = InterceptDirection | 'both';

const DIRECTIONS: Array<[Direction, string]> = [
  ['cpe-to-acs', 'CPE → ACS'],
  ['acs-to-cpe', 'ACS → CPE'],
  ['both', 'both ways'],
];

export function directionLabel(d: Direction): string {
  return DIRECTIONS.find(([k]) => k === d)?.[1] ?? d;
}

// Every RPC the codec knows, plus the Fault a side answers with.
const RPC_NAMES = [...new Set([...Object.keys(RPC_SPECS), 'Fault'])].sort();

/** The breakpoints that apply to one profile: add (device, RPC, direction), enable/disable, remove. */
export function BreakpointsPanel({ proxyName }: { proxyName: string }): ReactElement {
  const { proxy, devices } = useStores();
  const all = useSlice(proxy, (s) => s.breakpoints);
  const errors = useSlice(proxy, (s) => s.errors);
  const deviceList = useSlice(devices, (s) => s.devices);
  const [deviceId, setDeviceId] = useState('');
  const [rpc, setRpc] = useState('Inform');
  const [direction, setDirection] = useState<Direction>('cpe-to-acs');
  const [everyProfile, setEveryProfile] = useState(false);
  const list = all.filter((b) => b.proxy === undefined || b.proxy === proxyName);
  const error = errors[breakpointsScope(proxyName)] ?? errors[breakpointsScope('')];

  const add = (): void => {
    void proxy.getState().setBreakpoint({
      ...(everyProfile ? {} : { proxy: proxyName }),
      ...(deviceId.trim() ? { deviceId: deviceId.trim() } : {}),
      ...(rpc.trim() ? { rpc: rpc.trim() } : {}),
      direction,
      enabled: true,
    });
  };
  const toggle = (b: Breakpoint): void => {
    void proxy.getState().setBreakpoint({ ...b, enabled: !b.enabled });
  };

  return (
    <section className="proxy-section" data-testid="breakpoints">
      <h3>Breakpoints</h3>
      <div className="proxy-inline" style={{ flexWrap: 'wrap' }}>
        <input className="input" list="bp-devices" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} placeholder="any device" aria-label="Breakpoint device" style={{ width: 230 }} data-testid="bp-device" />
        <datalist id="bp-devices">
          {deviceList.map((d) => (
            <option key={d.id} value={d.id} />
          ))}
        </datalist>
        <input className="input" list="bp-rpcs" value={rpc} onChange={(e) => setRpc(e.target.value)} placeholder="any RPC" aria-label="Breakpoint RPC" style={{ width: 190 }} data-testid="bp-rpc" />
        <datalist id="bp-rpcs">
          {RPC_NAMES.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <select className="input" value={direction} onChange={(e) => setDirection(e.target.value as Direction)} aria-label="Breakpoint direction" data-testid="bp-direction">
          {DIRECTIONS.map(([d, label]) => (
            <option key={d} value={d}>
              {label}
            </option>
          ))}
        </select>
        <label className="check" title="Also pause matching messages on every other proxy profile">
          <input type="checkbox" checked={everyProfile} onChange={(e) => setEveryProfile(e.target.checked)} />
          every profile
        </label>
        <button type="button" className="btn" onClick={add} data-testid="bp-add">
          Add breakpoint
        </button>
      </div>
      {error ? (
        <div className="error-text" role="alert">
          {error}
        </div>
      ) : null}
      {list.length === 0 ? (
        <div className="faint">No breakpoints: every message passes straight through (and is streamed, not buffered).</div>
      ) : (
        <table className="grid" data-testid="bp-list">
          <GridHead columns={['On', 'Device', 'RPC', 'Direction', 'Profile', '']} />
          <tbody>
            {list.map((b) => (
              <tr key={b.id} data-testid="bp-row">
                <td>
                  <input type="checkbox" checked={b.enabled} onChange={() => toggle(b)} aria-label={`Breakpoint ${b.id} enabled`} />
                </td>
                <td className="mono">{b.deviceId ?? <span className="faint">any</span>}</td>
                <td>{b.rpc ?? <span className="faint">any</span>}</td>
                <td>{directionLabel(b.direction)}</td>
                <td>{b.proxy ?? <span className="faint">every profile</span>}</td>
                <td>
                  <button type="button" className="btn small danger" onClick={() => void proxy.getState().deleteBreakpoint(b.id)} data-testid="bp-remove">
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

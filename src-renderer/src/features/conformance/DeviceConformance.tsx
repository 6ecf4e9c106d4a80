import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { DeviceConformance as DeviceResult, DeviceSummary } from '../../../../src-shared/api/index';
import { useSlice, useStores } from '../../app/context';
import { formatTime } from '../../lib/format';
import { DEVICE_LIMIT } from '../../state/conformance';
import { summarizeByRule, type RuleSummary } from './findings';
import { CheckXmlDialog } from './CheckXml';
import { ReadUnread } from './ReadUnread';
import { CountsLine, FindingTable, SeverityIcon } from './FindingList';
import { useConformance } from './use-conformance';
import './conformance.css';

type DeviceFinding = DeviceResult['findings'][number];

/** Findings shown per rule before "show all" (a device missing a profile can have hundreds). */
const PER_RULE = 50;
const LIMITS = [100, 500, 2_000, 10_000] as const;

/** Opens an exchange in the Traffic view, selected, the way the Sessions tab does. */
function useOpenExchange(deviceId: string): (exchangeId: string) => void {
  const { traffic, navigation } = useStores();
  return (exchangeId) => {
    traffic.getState().setFilter({ deviceId });
    traffic.getState().setFollow(false);
    void traffic.getState().select(exchangeId);
    navigation.getState().go('traffic');
  };
}

function ExchangeLink({ finding, open }: { finding: DeviceFinding; open: (id: string) => void }): ReactElement {
  const { traffic } = useStores();
  if (finding.exchangeId === undefined) return <span className="faint">parameter tree</span>;
  const row = traffic.getState().rowById(finding.exchangeId);
  const label = row ? `${row.requestRpc ?? '(empty)'} → ${row.responseRpc ?? '(empty)'} · ${formatTime(row.startedAt)}` : finding.exchangeId;
  const id = finding.exchangeId;
  return (
    <button type="button" className="btn small" onClick={() => open(id)} title="Open this exchange in Traffic" data-testid="finding-exchange">
      {label}
      {finding.direction ? <span className="faint"> · {finding.direction}</span> : null}
    </button>
  );
}

function RuleGroup({ group, open, expanded, onToggle }: { group: RuleSummary & { findings: DeviceFinding[] }; open: (id: string) => void; expanded: boolean; onToggle: () => void }): ReactElement {
  const conformanceRules = useSlice(useConformance(), (s) => s.rules);
  const [all, setAll] = useState(false);
  const shown = all ? group.findings : group.findings.slice(0, PER_RULE);
  return (
    <div className="rule-group" data-testid="rule-group" data-rule={group.ruleId} id={`rule-${group.ruleId}`}>
      <button type="button" className="rule-group-head" onClick={onToggle} aria-expanded={expanded}>
        <span className="twisty">{expanded ? '▾' : '▸'}</span>
        <SeverityIcon severity={group.severity} />
        <span className="mono">{group.ruleId}</span>
        <span className="faint">§ {group.section}</span>
        <span className="muted rule-title">{group.title}</span>
        <span className="badge">{group.count}</span>
      </button>
      {expanded ? (
        <>
          <FindingTable findings={shown} rules={conformanceRules} where={(f) => <ExchangeLink finding={f} open={open} />} whereTitle="From" />
          {group.findings.length > shown.length ? (
            <button type="button" className="btn small" style={{ margin: '4px 8px' }} onClick={() => setAll(true)}>
              Show all {group.findings.length}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** Every rule the checks apply, so a clean result says what it means. */
function RulesReference(): ReactElement {
  const rules = useSlice(useConformance(), (s) => s.rules);
  return (
    <details className="rules-reference" data-testid="rules-reference">
      <summary className="muted">All {rules.length} rules checked</summary>
      <table className="grid">
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>
                <SeverityIcon severity={r.severity} />
              </td>
              <td className="mono nowrap">{r.id}</td>
              <td className="faint nowrap">{r.section}</td>
              <td className="muted">{r.title}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The device's conformance: its recorded traffic and parameter tree checked, summarised and grouped by rule. */
export function DeviceConformance({ device }: { device: DeviceSummary }): ReactElement {
  const store = useConformance();
  const check = useSlice(store, (s) => (s.device?.deviceId === device.id ? s.device : null));
  const rules = useSlice(store, (s) => s.rules);
  const open = useOpenExchange(device.id);
  const [limit, setLimit] = useState<number>(check?.limit ?? DEVICE_LIMIT);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [checkXml, setCheckXml] = useState(false);
  const [errorsOnly, setErrorsOnly] = useState(false);

  useEffect(() => {
    void store.getState().loadRules();
    if (!store.getState().device || store.getState().device?.deviceId !== device.id) void store.getState().checkDevice(device.id, limit);
    // Only on opening the tab for a device; "Check again" and the limit picker run it afterwards.
  }, [store, device.id]);

  const result = check?.result;
  const groups = useMemo(
    () => (result ? summarizeByRule(errorsOnly ? result.findings.filter((f) => f.severity === 'error') : result.findings, rules) : []),
    [result, rules, errorsOnly],
  );
  const toggle = (id: string): void => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };
  const fromTraffic = result ? result.findings.filter((f) => f.exchangeId !== undefined).length : 0;

  return (
    <div className="panel device-conformance" data-testid="device-conformance">
      <div className="toolbar" style={{ margin: '-12px -14px 10px', borderTop: 0 }}>
        <label className="muted">
          Newest{' '}
          <select
            className="input"
            value={limit}
            aria-label="Exchanges to check"
            onChange={(e) => {
              const n = Number(e.target.value);
              setLimit(n);
              void store.getState().checkDevice(device.id, n);
            }}
          >
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString()}
              </option>
            ))}
          </select>{' '}
          exchanges
        </label>
        <button type="button" className="btn" disabled={check?.loading} onClick={() => void store.getState().checkDevice(device.id, limit)} data-testid="conformance-run">
          {check?.loading ? 'Checking…' : 'Check again'}
        </button>
        <label className="check">
          <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} /> Errors only
        </label>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn" onClick={() => setCheckXml(true)} data-testid="open-check-xml">
          Check XML…
        </button>
      </div>
      {check?.error ? <div className="notice fault">{check.error}</div> : null}
      {!check || (check.loading && !result) ? <div className="empty">Checking the device’s traffic and parameters…</div> : null}
      {result ? (
        <>
          <div className="check-summary" data-testid="conformance-summary">
            <CountsLine counts={result.counts} />
            <span className="muted">
              {result.exchanges} exchange{result.exchanges === 1 ? '' : 's'} and the parameter tree checked
              {result.model ? ` against ${result.model}` : ''} · {fromTraffic} from traffic, {result.findings.length - fromTraffic} from the tree
              {check?.ranAt ? ` · ${formatTime(check.ranAt)}` : ''}
            </span>
          </div>
          {result.unread ? <ReadUnread deviceId={device.id} unread={result.unread} onRead={() => void store.getState().checkDevice(device.id, limit)} /> : null}
          {groups.length ? (
            <table className="grid rule-summary" data-testid="rule-summary">
              <thead>
                <tr>
                  <th style={{ width: 18 }} />
                  <th>Rule</th>
                  <th>Section</th>
                  <th>What it checks</th>
                  <th style={{ textAlign: 'right' }}>Findings</th>
                  <th style={{ textAlign: 'right' }}>Exchanges</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr
                    key={g.ruleId}
                    className="clickable"
                    onClick={() => {
                      setExpanded(new Set(expanded).add(g.ruleId));
                      requestAnimationFrame(() => document.getElementById(`rule-${g.ruleId}`)?.scrollIntoView({ block: 'start' }));
                    }}
                  >
                    <td>
                      <SeverityIcon severity={g.severity} />
                    </td>
                    <td className="mono">{g.ruleId}</td>
                    <td className="faint">{g.section}</td>
                    <td className="muted">{g.title}</td>
                    <td style={{ textAlign: 'right' }}>{g.count}</td>
                    <td style={{ textAlign: 'right' }}>{g.exchanges || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="empty">No rule found {errorsOnly ? 'an error' : 'a problem'} in this device’s traffic or parameter tree.</div>
          )}
          {groups.map((g) => (
            <RuleGroup key={g.ruleId} group={g} open={open} expanded={expanded.has(g.ruleId)} onToggle={() => toggle(g.ruleId)} />
          ))}
          <RulesReference />
          <div className="faint" style={{ marginTop: 10 }}>
            The tree findings cover what the model requires and what the device reports writable; the full comparison (vendor, unknown
            and deprecated parameters) is under Parameters → Compare with model.
          </div>
        </>
      ) : null}
      {checkXml ? <CheckXmlDialog onClose={() => setCheckXml(false)} /> : null}
    </div>
  );
}

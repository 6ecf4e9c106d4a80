import type { ReactElement } from 'react';
import type { DecodedBody } from '../../../../src-shared/api/index';
import type { CwmpMessage } from '../../../../src-shared/cwmp/types';
import { explainEvent, explainFault } from '../../lib/explain';
import { GridHead } from '../../lib/GridHead';

type Fields = Record<string, unknown>;

function ParamTable({ list }: { list: Array<Fields> }): ReactElement {
  const cols = Object.keys(list[0] ?? { name: '' });
  return (
    <table className="grid" data-testid="decoded-params">
      <GridHead columns={cols} />
      <tbody>
        {list.map((p, i) => (
          <tr key={i}>
            {cols.map((c) => (
              <td key={c} className={c === 'name' ? 'mono' : undefined}>
                {formatCell(p[c])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function formatCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(formatCell).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function FaultBox({ rpc }: { rpc: Fields }): ReactElement {
  const code = Number(rpc.faultCode);
  const spv = (rpc.setParameterValuesFault as Array<{ parameterName: string; faultCode: number; faultString: string }> | undefined) ?? [];
  return (
    <div className="notice fault" data-testid="fault-explained">
      <div>
        <strong>Fault {code}</strong> {String(rpc.faultString ?? '')}
      </div>
      <div className="muted">{explainFault(code)}</div>
      {spv.length ? (
        <table className="grid" style={{ marginTop: 6 }}>
          <GridHead columns={['Parameter', 'Fault', 'Meaning']} />
          <tbody>
            {spv.map((f) => (
              <tr key={f.parameterName}>
                <td className="mono">{f.parameterName}</td>
                <td>
                  {f.faultCode} {f.faultString}
                </td>
                <td className="muted">{explainFault(f.faultCode)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function Message({ message }: { message: CwmpMessage }): ReactElement {
  const rpc = message.rpc as Fields | null;
  const header = Object.entries(message.header).filter(([, v]) => v !== undefined);
  const scalar = rpc ? Object.entries(rpc).filter(([k, v]) => k !== 'name' && (typeof v !== 'object' || v === null)) : [];
  const lists = rpc ? Object.entries(rpc).filter(([, v]) => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') : [];
  const objects = rpc ? Object.entries(rpc).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)) : [];
  const events = rpc?.name === 'Inform' ? (rpc.event as Array<{ eventCode: string; commandKey: string }>) : [];
  return (
    <>
      <dl className="kv">
        <dt>RPC</dt>
        <dd>
          <strong>{rpc ? (rpc.name === 'Unknown' ? String(rpc.method) : String(rpc.name)) : '(empty body)'}</strong>
        </dd>
        {message.version ? (
          <>
            <dt>CWMP</dt>
            <dd>
              {message.version} <span className="faint mono">{message.namespace}</span>
            </dd>
          </>
        ) : null}
        {header.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd className="mono">{String(v)}</dd>
          </div>
        ))}
        {scalar
          .filter(([k]) => rpc?.name !== 'Fault' || (k !== 'faultCode' && k !== 'faultString'))
          .map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd className="mono">{String(v)}</dd>
            </div>
          ))}
        {objects.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd className="mono">{Object.entries(v as Fields).map(([a, b]) => `${a}: ${formatCell(b)}`).join(' · ')}</dd>
          </div>
        ))}
      </dl>
      {rpc?.name === 'Fault' ? <FaultBox rpc={rpc} /> : null}
      {events.length ? (
        <table className="grid" data-testid="decoded-events">
          <GridHead columns={['Event', 'CommandKey', 'Meaning']} />
          <tbody>
            {events.map((e, i) => (
              <tr key={i}>
                <td className="mono nowrap">{e.eventCode}</td>
                <td className="mono">{e.commandKey}</td>
                <td className="muted">{explainEvent(e.eventCode)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {lists
        .filter(([k]) => k !== 'event' && k !== 'setParameterValuesFault')
        .map(([k, v]) => (
          <div key={k}>
            <h3 style={{ margin: '4px 0' }}>
              {k} ({(v as unknown[]).length})
            </h3>
            <ParamTable list={v as Fields[]} />
          </div>
        ))}
      {message.warnings.length ? (
        <div className="notice warn" data-testid="decode-warnings">
          <strong>Decode warnings</strong>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {message.warnings.map((w, i) => (
              <li key={i}>
                <code>{w.code}</code> {w.message} {w.path ? <span className="faint mono">at {w.path}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** One decoded body: the message as tables, or why it did not decode. */
export function DecodedView({ body }: { body: DecodedBody }): ReactElement {
  if (body === null) return <div className="faint">No CWMP body.</div>;
  if (!body.ok)
    return (
      <div className="notice fault">
        <strong>Not decodable: {body.error.code}</strong> {body.error.message}
        {body.error.line ? ` (line ${body.error.line}${body.error.column ? `, column ${body.error.column}` : ''})` : ''}
      </div>
    );
  return <Message message={body.message} />;
}

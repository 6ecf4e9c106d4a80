import type { ReactElement } from 'react';
import type { DecodedBody } from '../../../../src-shared/api/index';
import type { CwmpMessage } from '../../../../src-shared/cwmp/types';
import { describeRpc, type DescribedValue } from '../../../../src-shared/cwmp/describe-rpc';
import { explainEvent, explainFault } from '../../lib/explain';
import { GridHead } from '../../lib/GridHead';

type Fields = Record<string, unknown>;

/** A described value inline: text as is, a list one item per line, a struct as `Name: value` lines. */
function Value({ value }: { value: DescribedValue }): ReactElement {
  switch (value.kind) {
    case 'text':
      return <>{value.text}</>;
    case 'list':
      return (
        <ul className="plain-list">
          {value.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'fields':
      return (
        <dl className="kv">
          {value.fields.map((f, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt>{f.label}</dt>
              <dd className="mono">
                <Value value={f.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
    case 'table':
      return <Table value={value} />;
  }
}

/** An array of structs; the Inform's events get what each code means beside it. */
function Table({ value, label }: { value: Extract<DescribedValue, { kind: 'table' }>; label?: string }): ReactElement {
  const events = label === 'Event';
  return (
    <table className="grid" data-testid={events ? 'decoded-events' : 'decoded-params'}>
      <GridHead columns={events ? [...value.columns, 'Meaning'] : value.columns} />
      <tbody>
        {value.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j} className="mono">
                <Value value={cell} />
              </td>
            ))}
            {events ? <td className="muted">{explainEvent(row[0]?.kind === 'text' ? row[0].text : '')}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FaultBox({ rpc }: { rpc: Fields }): ReactElement {
  const code = Number(rpc.faultCode);
  const spv = (rpc.setParameterValuesFault as Array<{ parameterName: string; faultCode: number }> | undefined) ?? [];
  return (
    <div className="notice fault" data-testid="fault-explained">
      <div>
        <strong>Fault {code}</strong> {String(rpc.faultString ?? '')}
      </div>
      <div className="muted">{explainFault(code)}</div>
      {spv.map((f) => (
        <div key={f.parameterName} className="muted">
          <span className="mono">{f.parameterName}</span>: {f.faultCode} — {explainFault(f.faultCode)}
        </div>
      ))}
    </div>
  );
}

function Message({ message }: { message: CwmpMessage }): ReactElement {
  const rpc = message.rpc;
  const header = Object.entries(message.header).filter(([, v]) => v !== undefined);
  const fields = rpc ? describeRpc(rpc) : [];
  const inline = fields.filter((f) => f.value.kind !== 'table');
  const tables = fields.filter((f) => f.value.kind === 'table');
  return (
    <>
      <dl className="kv">
        <dt>RPC</dt>
        <dd>
          <strong>{rpc ? (rpc.name === 'Unknown' ? rpc.method : rpc.name) : '(empty body)'}</strong>
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
            <dd className="mono">{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
        {inline.map((f, i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>{f.label}</dt>
            <dd className="mono" data-testid={`decoded-field-${f.label}`}>
              <Value value={f.value} />
            </dd>
          </div>
        ))}
      </dl>
      {rpc?.name === 'Fault' ? <FaultBox rpc={rpc as unknown as Fields} /> : null}
      {tables.map((f, i) =>
        f.value.kind === 'table' ? (
          <div key={i}>
            <h3 style={{ margin: '4px 0' }}>
              {f.label} ({f.value.rows.length})
            </h3>
            <Table value={f.value} label={f.label} />
          </div>
        ) : null,
      )}
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

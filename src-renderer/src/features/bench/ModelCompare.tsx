import { useEffect, useState, type ReactElement } from 'react';
import type { ParameterNode } from '../../../../src-shared/api/index';
import { compareWithModel, ParameterTree, type ModelComparison } from '../../../../src-shared/datamodel/index';
import { loadModel, type ModelRoot } from '../../lib/data-models';

/** The device's tree against its data model: missing, vendor, unknown, wrongly writable, outdated. */
export function ModelCompare({ root, nodes, onJump }: { root: ModelRoot; nodes: ReadonlyMap<string, ParameterNode>; onJump: (path: string) => void }): ReactElement {
  const [result, setResult] = useState<ModelComparison | null>(null);
  const [model, setModel] = useState('');
  useEffect(() => {
    let live = true;
    void loadModel(root).then((m) => {
      if (!live || !m) return;
      setModel(m.name ?? root);
      setResult(compareWithModel(ParameterTree.fromNodes([...nodes.values()]), m));
    });
    return () => {
      live = false;
    };
  }, [root, nodes]);
  if (!result) return <div className="panel muted">Loading the data model…</div>;
  const section = (title: string, items: string[], cls: string): ReactElement => (
    <div>
      <h3 style={{ margin: '8px 0 4px' }}>
        {title} <span className={`badge ${items.length ? cls : ''}`}>{items.length}</span>
      </h3>
      {items.slice(0, 200).map((p) => (
        <div key={p} className="mono" style={{ cursor: 'pointer' }} onClick={() => onJump(p)}>
          {p}
        </div>
      ))}
      {items.length > 200 ? <div className="faint">… and {items.length - 200} more</div> : null}
    </div>
  );
  return (
    <div className="panel" data-testid="model-compare" style={{ maxHeight: 260, borderTop: '1px solid var(--border)', background: 'var(--bg-2)' }}>
      <div className="muted">Compared with {model} (only objects the device has reported are checked).</div>
      <div className="cards" style={{ marginTop: 6 }}>
        {section('Required by the model, missing on the device', result.missing.filter((m) => m.required && m.read).map((m) => m.path), 'fault')}
        {section('Required by the model, never read (Refresh all to check)', result.missing.filter((m) => m.required && !m.read).map((m) => m.path), 'info')}
        {section('Read-only in the model, writable on the device', result.writableButReadOnly, 'warn')}
        {section('Vendor extensions (X_…)', result.vendor, 'info')}
        {section('Unknown to the model', result.unknown, 'warn')}
        {section('Deprecated or obsolete', result.outdated.map((o) => `${o.path} (${o.status})`), 'warn')}
      </div>
    </div>
  );
}

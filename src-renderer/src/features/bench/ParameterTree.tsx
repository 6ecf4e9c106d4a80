import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactElement } from 'react';
import type { DeviceSummary, ParameterNode, TaskInfo } from '../../../../src-shared/api/index';
import type { NotificationValue } from '../../../../src-shared/cwmp/types';
import { useSlice, useStores } from '../../app/context';
import { formatAge, formatDuration } from '../../lib/format';
import { isInstance, leafName, parentOf } from '../../state/param-paths';
import type { ChangeRecord } from '../../state/parameters';
import { Dialog } from '../../lib/Dialog';
import { ModelCompare } from './ModelCompare';
import { TaskBadge, TaskFault } from './TaskStatus';

interface Line {
  path: string;
  depth: number;
  node: ParameterNode;
}

/** The rows on screen: the expanded part of the tree, or every match of the search. */
function flatten(root: string, nodes: ReadonlyMap<string, ParameterNode>, children: ReadonlyMap<string, string[]>, expanded: ReadonlySet<string>, search: string): Line[] {
  const out: Line[] = [];
  const q = search.trim().toLowerCase();
  if (q) {
    for (const [path, node] of nodes) {
      if (path.toLowerCase().includes(q) || (node.value ?? '').toLowerCase().includes(q)) out.push({ path, depth: 0, node });
      if (out.length >= 2000) break;
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  const walk = (path: string, depth: number): void => {
    for (const c of children.get(path) ?? []) {
      const node = nodes.get(c);
      if (!node) continue;
      out.push({ path: c, depth, node });
      if (node.object && expanded.has(c)) walk(c, depth + 1);
    }
  };
  const rootNode = nodes.get(root) ?? { path: root, object: true };
  out.push({ path: root, depth: 0, node: rootNode });
  if (expanded.has(root)) walk(root, 1);
  return out;
}

const NOTIFICATION = ['off', 'passive', 'active', 'passive lw', 'passive+lw', 'active lw', 'active+lw'];

export function ParameterTree({ device }: { device: DeviceSummary }): ReactElement {
  const { parameters, tasks } = useStores();
  const root = useSlice(parameters, (s) => s.root);
  const nodes = useSlice(parameters, (s) => s.nodes);
  const children = useSlice(parameters, (s) => s.children);
  const expanded = useSlice(parameters, (s) => s.expanded);
  const busy = useSlice(parameters, (s) => s.busy);
  const edits = useSlice(parameters, (s) => s.edits);
  const changes = useSlice(parameters, (s) => s.changes);
  const applyNow = useSlice(parameters, (s) => s.applyNow);
  const search = useSlice(parameters, (s) => s.search);
  const error = useSlice(parameters, (s) => s.error);
  const lastRead = useSlice(parameters, (s) => s.lastRead);
  const taskById = useSlice(tasks, (s) => s.byId);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [jump, setJump] = useState('');
  const [compare, setCompare] = useState(false);
  // The keyboard cursor (a path), moved with the arrow keys.
  const [cursor, setCursor] = useState<string | null>(null);
  // The row "Jump to path" (or the model comparison) reached: marked until the user moves elsewhere.
  const [jumped, setJumped] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [savedWidth, setNameWidth] = useNameColumnWidth();

  const lines = useMemo(() => flatten(root, nodes, children, expanded, search), [root, nodes, children, expanded, search]);
  // Rows are measured: one with a validation message grows to show it whole instead of cutting it.
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => scroller.current, estimateSize: () => 25, overscan: 10, getItemKey: (i) => lines[i].path });

  // Until the user drags the column, it fits the longest name on the list (within what leaves the value room).
  const nameWidth = useMemo(() => {
    if (savedWidth) return savedWidth;
    let need = 0;
    for (const l of lines) need = Math.max(need, 6 + l.depth * 14 + 18 + (search ? 12 : 0) + (leafName(l.path).length + 1) * MONO_CHAR_PX + 8);
    return Math.round(Math.min(320, Math.max(240, need)));
  }, [savedWidth, lines, search]);

  // The newest change touching each path, for its state badge.
  const lastChange = useMemo(() => {
    const m = new Map<string, ChangeRecord>();
    for (const c of changes) if (c.kind !== 'read') for (const p of c.paths) if (!m.has(p)) m.set(p, c);
    return m;
  }, [changes]);
  const editCount = Object.keys(edits).length;
  const invalid = Object.values(edits).some((e) => e.error);
  const now = Date.now();

  const startEdit = (path: string, node: ParameterNode): void => {
    setEditing(path);
    setDraft(edits[path]?.value ?? node.value ?? '');
  };
  const jumpTo = async (target: string): Promise<void> => {
    await parameters.getState().expandTo(target);
    const s = parameters.getState();
    const all = flatten(root, s.nodes, s.children, s.expanded, '');
    const at = all.findIndex((l) => l.path === target || l.path === `${target}.`);
    if (at < 0) return;
    setCursor(all[at].path);
    setJumped(all[at].path);
    virtualizer.scrollToIndex(at, { align: 'center' });
  };
  const commit = (path: string): void => {
    const node = nodes.get(path);
    if (node && draft !== (node.value ?? '')) parameters.getState().edit(path, draft);
    else parameters.getState().discard(path);
    setEditing(null);
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1, ['--ptree-name' as string]: `${nameWidth}px` }} data-testid="parameter-tree">
      <div className="toolbar one-line">
        <input className="input" type="search" placeholder="Search names and values" aria-label="Search parameters" value={search} onChange={(e) => parameters.getState().setSearch(e.target.value)} style={{ flex: '0 1 190px', minWidth: 100 }} />
        <input
          className="input mono"
          placeholder={`Jump to path, e.g. ${root}DeviceInfo.`}
          aria-label="Jump to path"
          value={jump}
          onChange={(e) => setJump(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && jump.trim()) void jumpTo(jump.trim());
          }}
          style={{ flex: '0 1 250px', minWidth: 120 }}
        />
        <button type="button" className="btn" aria-pressed={compare} onClick={() => setCompare(!compare)} title="Compare with the TR-181 / TR-098 data model">
          Compare with model
        </button>
        <span className="grow" />
        {lastRead ? (
          <span className="faint shrink" data-testid="last-read" title={`Read ${lastRead.path} in ${formatDuration(lastRead.ms)}: ${lastRead.requests} requests in one session`}>
            Read {lastRead.path} in {formatDuration(lastRead.ms)}
          </span>
        ) : null}
        <label className="check" title="Send a connection request so the device applies the change now; otherwise it waits for the next Inform">
          <input type="checkbox" checked={applyNow} onChange={(e) => parameters.getState().setApplyNow(e.target.checked)} />
          Apply now
        </label>
        <button type="button" className="btn" disabled={editCount === 0} onClick={() => parameters.getState().discard()}>
          Discard
        </button>
        <button type="button" className="btn primary" disabled={editCount === 0 || invalid} onClick={() => void parameters.getState().applyEdits()} data-testid="apply-edits">
          {editCount > 1 ? `Apply ${editCount} changes` : 'Apply change'}
        </button>
      </div>
      {error ? (
        <div className="notice fault" style={{ margin: 6, display: 'flex', gap: 8 }}>
          <span style={{ flex: 1 }}>{error}</span>
          <button type="button" className="btn small" onClick={() => parameters.getState().clearError()} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ) : null}
      <div className="ptree-row head" role="row">
        <div>
          Name
          <ColumnResizer width={nameWidth} onResize={setNameWidth} />
        </div>
        <div>Value</div>
        <div>Type</div>
        <div title="Writable">W</div>
        <div>Notify</div>
        <div>Read</div>
        <div>State</div>
      </div>
      <div
        className="ptree"
        ref={scroller}
        role="treegrid"
        tabIndex={0}
        aria-label={`Parameters of ${device.id}`}
        onKeyDown={(e) => {
          if ((e.target as HTMLElement).tagName === 'INPUT' || (e.target as HTMLElement).tagName === 'SELECT') return;
          const at = Math.max(0, lines.findIndex((l) => l.path === cursor));
          const line = lines[at];
          const move = (i: number): void => {
            const next = lines[Math.min(lines.length - 1, Math.max(0, i))];
            if (!next) return;
            setCursor(next.path);
            virtualizer.scrollToIndex(lines.indexOf(next), { align: 'auto' });
          };
          switch (e.key) {
            case 'ArrowDown':
              move(cursor === null ? 0 : at + 1);
              break;
            case 'ArrowUp':
              move(at - 1);
              break;
            case 'ArrowRight':
              if (line?.node.object && !expanded.has(line.path)) void parameters.getState().toggle(line.path);
              else move(at + 1);
              break;
            case 'ArrowLeft':
              if (line?.node.object && expanded.has(line.path)) void parameters.getState().toggle(line.path);
              else if (line) move(lines.findIndex((l) => l.path === parentOf(line.path)));
              break;
            case 'Enter':
              if (line && !line.node.object && line.node.writable) startEdit(line.path, line.node);
              else if (line?.node.object) void parameters.getState().toggle(line.path);
              break;
            default:
              return;
          }
          e.preventDefault();
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const { path, depth, node } = lines[v.index];
            const edit = edits[path];
            const change = lastChange.get(path);
            const task: TaskInfo | undefined = change?.taskId ? taskById[change.taskId] : undefined;
            const isOpen = expanded.has(path);
            return (
              <div
                key={path}
                ref={virtualizer.measureElement}
                data-index={v.index}
                className={`ptree-row${edit ? ' edited' : ''}${edit?.error ? ' invalid' : ''}${cursor === path ? ' cursor' : ''}${jumped === path ? ' jumped' : ''}`}
                onMouseDown={() => {
                  setCursor(path);
                  if (jumped !== path) setJumped(null);
                }}
                role="row"
                aria-expanded={node.object ? isOpen : undefined}
                data-path={path}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
              >
                <div className="ptree-name" style={{ paddingLeft: 6 + depth * 14 }} title={path}>
                  {node.object ? (
                    <button type="button" className="twisty" aria-label={isOpen ? 'Collapse' : 'Expand'} onClick={() => void parameters.getState().toggle(path)} data-testid="twisty">
                      {busy.has(path) ? '⋯' : isOpen ? '▾' : '▸'}
                    </button>
                  ) : (
                    <span className="twisty" />
                  )}
                  {search ? (
                    // The parent path gives way (ellipsis) so the leaf name stays whole: long names stay apart; the title has it all.
                    <span className="faint mono parent-path">{parentOf(path)}</span>
                  ) : null}
                  <span className={node.object ? 'obj' : 'mono'}>{`${leafName(path)}${node.object ? '.' : ''}`}</span>
                </div>
                <div className="ptree-value">
                  {node.object ? null : editing === path ? (
                    <input
                      className="input mono"
                      autoFocus
                      value={draft}
                      aria-label={`Value of ${path}`}
                      onChange={(e) => setDraft(e.target.value)}
                      onBlur={() => commit(path)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          commit(path);
                          scroller.current?.focus();
                        }
                        if (e.key === 'Escape') {
                          setEditing(null);
                          scroller.current?.focus();
                        }
                      }}
                    />
                  ) : (
                    <span
                      className={`val${node.writable ? '' : ' ro'}`}
                      tabIndex={node.writable ? 0 : -1}
                      role={node.writable ? 'button' : undefined}
                      title={edit?.error ?? (node.writable ? 'Click or Enter to edit' : 'Read-only')}
                      onClick={() => node.writable && startEdit(path, node)}
                      onKeyDown={(e) => e.key === 'Enter' && node.writable && startEdit(path, node)}
                      data-testid="param-value"
                    >
                      {edit ? (
                        <>
                          <s className="faint">{node.value}</s> <strong className={edit.error ? 'error-text' : undefined}>{edit.value}</strong>
                          {edit.error ? <span className="error-text"> — {edit.error}</span> : null}
                        </>
                      ) : (
                        node.value === undefined ? (
                          <span className="faint">not read</span>
                        ) : node.value === '' ? (
                          <span className="faint">(empty)</span>
                        ) : (
                          node.value
                        )
                      )}
                    </span>
                  )}
                </div>
                <div className="faint mono" title={node.type}>{node.object ? '' : (node.type ?? '').replace(/^xsd:/, '')}</div>
                <div>{node.writable ? '✓' : ''}</div>
                <div>
                  {node.object ? null : (
                    <select
                      className="input"
                      style={{ height: 19, padding: 0, fontSize: 11, width: '100%' }}
                      aria-label={`Notification of ${path}`}
                      title={node.accessList ? `Access list: ${node.accessList.length ? node.accessList.join(', ') : '(ACS only)'}` : 'Not read yet'}
                      value={node.notification ?? ''}
                      onChange={(e) => void parameters.getState().setNotification(path, Number(e.target.value) as NotificationValue)}
                    >
                      {node.notification === undefined ? <option value="">—</option> : null}
                      {NOTIFICATION.map((n, i) => (
                        <option key={i} value={i}>
                          {i} {n}
                        </option>
                      ))}
                    </select>
                  )}
                </div>
                <div className="faint">{node.readAt ? formatAge(node.readAt, now) : ''}</div>
                <div style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
                  {change ? <TaskBadge task={task} /> : null}
                  {node.object && !isInstance(path) && (node.writable || (children.get(path) ?? []).some(isInstance)) ? (
                    <button type="button" className="btn small" onClick={() => void parameters.getState().addInstance(path)} title={`AddObject ${path}`} data-testid="add-instance">
                      + instance
                    </button>
                  ) : null}
                  {node.object && isInstance(path) ? (
                    <button type="button" className="btn small danger" onClick={() => setConfirmDelete(path)} title={`DeleteObject ${path}`} data-testid="delete-instance">
                      delete
                    </button>
                  ) : null}
                  {node.object ? (
                    <button type="button" className="btn small" onClick={() => void parameters.getState().readObject(path)} title="Read again from the device" aria-label={`Refresh ${path}`}>
                      ↻
                    </button>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
      </div>
      {compare ? (
        <ModelCompare
          root={root === 'InternetGatewayDevice.' ? 'InternetGatewayDevice' : 'Device'}
          nodes={nodes}
          onJump={(path) => {
            parameters.getState().setSearch('');
            void jumpTo(path);
          }}
        />
      ) : null}
      <ChangesLog changes={changes} taskById={taskById} />
      {confirmDelete ? (
        <Dialog title="Delete this instance?" onClose={() => setConfirmDelete(null)}>
          <p style={{ margin: 0 }}>
            The device deletes <span className="mono">{confirmDelete}</span> and everything under it (DeleteObject). This cannot be undone.
          </p>
          <div className="buttons">
            <button type="button" className="btn" onClick={() => setConfirmDelete(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn danger"
              data-testid="confirm-delete-instance"
              onClick={() => {
                void parameters.getState().deleteInstance(confirmDelete);
                setConfirmDelete(null);
              }}
            >
              Delete instance
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

const NAME_WIDTH_KEY = 'cwmp-workbench.ptree-name-width';
/** Width of one character of the 11.5 px monospace names (0.6 em), for fitting the column to them. */
const MONO_CHAR_PX = 7;

/** The width the user gave the name column, in px, kept across visits (localStorage); null until dragged. */
function useNameColumnWidth(): [number | null, (w: number) => void] {
  const [w, setW] = useState<number | null>(() => {
    const saved = Number(globalThis.localStorage?.getItem(NAME_WIDTH_KEY));
    return saved >= 160 && saved <= 1200 ? saved : null;
  });
  return [
    w,
    (next) => {
      const clamped = Math.round(Math.min(1200, Math.max(160, next)));
      setW(clamped);
      globalThis.localStorage?.setItem(NAME_WIDTH_KEY, String(clamped));
    },
  ];
}

/** A drag handle on a header cell's right edge; arrow keys move it too (10 px a press). */
function ColumnResizer({ width, onResize }: { width: number; onResize: (w: number) => void }): ReactElement {
  return (
    <span
      className="col-resize"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the name column"
      aria-valuenow={width}
      tabIndex={0}
      data-testid="resize-name"
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          onResize(width + (e.key === 'ArrowRight' ? 10 : -10));
        }
      }}
      onPointerDown={(e) => {
        e.preventDefault();
        const startX = e.clientX;
        const target = e.currentTarget;
        target.setPointerCapture(e.pointerId);
        const move = (ev: PointerEvent): void => onResize(width + ev.clientX - startX);
        const up = (): void => {
          target.removeEventListener('pointermove', move);
          target.removeEventListener('pointerup', up);
        };
        target.addEventListener('pointermove', move);
        target.addEventListener('pointerup', up);
      }}
    />
  );
}

function ChangesLog({ changes, taskById }: { changes: ChangeRecord[]; taskById: Record<string, TaskInfo> }): ReactElement | null {
  if (changes.length === 0) return null;
  return (
    <div className="changes" data-testid="changes-log">
      <table className="grid">
        <tbody>
          {changes.slice(0, 50).map((c) => {
            const task = c.taskId ? taskById[c.taskId] : undefined;
            return (
              <tr key={c.id} data-testid="change-row">
                <td style={{ width: 90 }}>{c.error ? <span className="badge fault">not sent</span> : <TaskBadge task={task} read={c.kind === 'read'} />}</td>
                <td className="mono">{c.label}</td>
                <td>
                  {c.error ? <span className="error-text">{c.error}</span> : null}
                  {task ? <TaskFault task={task} /> : null}
                  {task?.result && task.result.name === 'AddObjectResponse' ? <span className="muted">instance {String((task.result as { instanceNumber?: number }).instanceNumber)}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

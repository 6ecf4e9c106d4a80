import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { formatBytes, formatDuration, formatTime } from '../../lib/format';
import { isFault, type TrafficItem, type TrafficRow } from '../../state/traffic-rows';

const ROW_HEIGHT = 24;

function itemKey(it: TrafficItem): string {
  return it.type === 'row' ? it.row.id : `g:${it.key}`;
}

const Row = memo(function Row({ row, top, selected, grouped, onSelect }: { row: TrafficRow; top: number; selected: boolean; grouped: boolean; onSelect: (id: string) => void }): ReactElement {
  const fault = isFault(row);
  const cls = `tl-row${fault ? ' fault' : ''}${row.warnings ? ' warn' : ''}${grouped ? ' grouped' : ''}`;
  const rpc = row.kind === 'cwmp' ? `${row.requestRpc ?? '(empty)'} → ${row.responseRpc ?? (row.status === undefined ? '…' : '(empty)')}` : (row.requestRpc ?? row.error ?? row.kind);
  return (
    <div className={cls} style={{ transform: `translateY(${top}px)` }} role="row" aria-selected={selected} data-id={row.id} onMouseDown={() => onSelect(row.id)}>
      <div className="mono">{formatTime(row.startedAt)}</div>
      <div title={row.deviceId}>{row.deviceId ?? <span className="faint">unknown</span>}</div>
      <div className="muted dir">{row.direction}</div>
      <div className="rpc" title={row.faultCode !== undefined ? `${row.faultCode} ${row.faultString ?? ''}` : (row.error ?? rpc)}>
        {rpc}
        {row.faultCode !== undefined ? <span className="badge fault" style={{ marginLeft: 6 }}>{row.faultCode}</span> : null}
        {row.edited ? (
          <span className="badge warn" style={{ marginLeft: 6 }} title={`Edited at a breakpoint (${row.edited}): the bytes shown are the ones forwarded`} data-testid="row-edited">
            edited
          </span>
        ) : null}
      </div>
      <div className="mono muted">{row.cwmpId ?? ''}</div>
      <div className="num">{row.status ?? ''}</div>
      <div className="num">{formatBytes(row.size)}</div>
      <div className="num">{formatDuration(row.durationMs)}</div>
      <div>{row.events.length ? <span className="badge info" title={row.events.join(', ')}>{row.events[0]}{row.events.length > 1 ? ` +${row.events.length - 1}` : ''}</span> : null}</div>
    </div>
  );
});

function GroupHeader({ item, top, onToggle }: { item: Extract<TrafficItem, { type: 'group' }>; top: number; onToggle: (key: string) => void }): ReactElement {
  return (
    <div className="tl-group" style={{ transform: `translateY(${top}px)` }} role="row" aria-expanded={!item.collapsed} onClick={() => onToggle(item.key)}>
      <span className="chev">{item.collapsed ? '▸' : '▾'}</span>
      <span className="mono">{formatTime(item.startedAt)}</span>
      <span>{item.deviceId ?? 'unknown device'}</span>
      <span className="faint mono">{item.key.startsWith('conn:') ? 'connection' : `session ${item.key.slice(0, 12)}`}</span>
      <span className="badge">{item.count} exchange{item.count === 1 ? '' : 's'}</span>
      {item.faults ? <span className="badge fault">{item.faults} fault{item.faults === 1 ? '' : 's'}</span> : null}
      {item.warnings ? <span className="badge warn">{item.warnings} with warnings</span> : null}
    </div>
  );
}

export function TrafficList(): ReactElement {
  const { traffic } = useStores();
  const items = useSlice(traffic, (s) => s.items);
  const total = useSlice(traffic, (s) => s.rows.length);
  const visible = useSlice(traffic, (s) => s.visible.length);
  const selectedId = useSlice(traffic, (s) => s.selectedId);
  const follow = useSlice(traffic, (s) => s.follow);
  const lastFilterMs = useSlice(traffic, (s) => s.lastFilterMs);
  const backfill = useSlice(traffic, (s) => s.backfill);
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (follow && items.length) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  }, [follow, items.length, virtualizer]);

  // History pages arrive above what is in view: shift the scroll by what was added, so the rows being
  // read stay put.
  const firstItem = useRef<{ key?: string; filter: unknown; grouping: unknown }>({ filter: undefined, grouping: undefined });
  useLayoutEffect(() => {
    const { filter, grouping } = traffic.getState();
    const prev = firstItem.current;
    firstItem.current = { key: items.length ? itemKey(items[0]) : undefined, filter, grouping };
    // Only a list that grew at the top under the same filter and grouping: not a filter change.
    if (prev.filter !== filter || prev.grouping !== grouping) return;
    const before = prev.key;
    if (follow || before === undefined || firstItem.current.key === before || !scroller.current || scroller.current.scrollTop === 0) return;
    const at = items.findIndex((it) => itemKey(it) === before);
    if (at > 0) scroller.current.scrollTop += at * ROW_HEIGHT;
  }, [items, follow, traffic]);

  // Stable callbacks keep the memoised rows from re-rendering on every scroll frame.
  const select = useCallback((id: string): void => void traffic.getState().select(id), [traffic]);
  const toggle = useCallback((key: string): void => traffic.getState().toggleGroup(key), [traffic]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End' && e.key !== 'Escape') return;
    e.preventDefault();
    if (e.key === 'Escape') {
      void traffic.getState().select(null);
      return;
    }
    const list = traffic.getState().items;
    let at = list.findIndex((it) => it.type === 'row' && it.row.id === selectedId);
    const step = e.key === 'ArrowDown' ? 1 : -1;
    if (e.key === 'Home') at = -1;
    if (e.key === 'End') at = list.length;
    for (let i = at + (e.key === 'End' ? -1 : e.key === 'Home' ? 1 : step); i >= 0 && i < list.length; i += e.key === 'End' ? -1 : e.key === 'Home' ? 1 : step) {
      const it = list[i];
      if (it.type === 'row') {
        traffic.getState().setFollow(false);
        select(it.row.id);
        virtualizer.scrollToIndex(i, { align: 'auto' });
        return;
      }
    }
  };

  return (
    <div className="traffic-list">
      <div className="tl-head-wrap" ref={head}>
      <div className="tl-head" role="row">
        <div>Time</div>
        <div>Device</div>
        <div>Dir.</div>
        <div title="The request → the response">RPC (request → response)</div>
        <div>cwmp:ID</div>
        <div style={{ textAlign: 'right' }}>HTTP</div>
        <div style={{ textAlign: 'right' }}>Size</div>
        <div style={{ textAlign: 'right' }}>Time</div>
        <div>Events</div>
      </div>
      </div>
      <div
        ref={scroller}
        className="tl-scroll"
        tabIndex={0}
        role="grid"
        aria-label="Traffic"
        aria-rowcount={items.length}
        data-testid="traffic-list"
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          if (head.current) head.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
        onWheel={(e) => {
          if (e.deltaY < 0 && follow) traffic.getState().setFollow(false);
        }}
      >
        {items.length === 0 ? (
          <div className="empty">{total === 0 ? 'No traffic yet. Exchanges appear here as devices talk to the ACS.' : 'No exchange matches the filter.'}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 780 }}>
            {virtualizer.getVirtualItems().map((v) => {
              const it = items[v.index];
              return it.type === 'row' ? (
                <Row key={it.row.id} row={it.row} top={v.start} selected={it.row.id === selectedId} grouped={it.grouped} onSelect={select} />
              ) : (
                <GroupHeader key={`g:${it.key}`} item={it} top={v.start} onToggle={toggle} />
              );
            })}
          </div>
        )}
      </div>
      <div className="tl-foot" data-testid="traffic-count">
        <span>
          {visible === total ? `${total.toLocaleString('en')} exchanges` : `${visible.toLocaleString('en')} of ${total.toLocaleString('en')} exchanges`}
        </span>
        {backfill > 0 ? <span className="faint" data-testid="traffic-backfill">loading {backfill.toLocaleString('en')} older…</span> : null}
        <span className="faint">filtered in {lastFilterMs.toFixed(1)} ms</span>
        <span className="faint">↑↓ select · / filter · P pause · Esc close</span>
      </div>
    </div>
  );
}

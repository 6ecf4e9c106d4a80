import { useEffect, type ReactElement } from 'react';
import type { CaseResult } from '../../../../src-shared/testing/report';
import { useSlice, useStores } from '../../app/context';
import { TrafficDetail } from '../traffic/TrafficDetail';
import { VerdictBadge } from './VerdictBadge';

/** One case: why it got its verdict, and its exchanges, opened in the traffic detail below. */
export function CaseDetail({ result }: { result: CaseResult }): ReactElement {
  const { traffic, navigation } = useStores();
  const selected = useSlice(traffic, (s) => s.selectedId);
  const ids = result.exchangeIds ?? [];

  // Opening a case opens its first exchange, the way a click in the traffic list does.
  const first = ids[0];
  useEffect(() => {
    if (first) void traffic.getState().select(first);
  }, [traffic, result.id, first]);

  return (
    <div className="tests-case" data-testid="tests-case-detail">
      <div className="tests-case-head">
        <div>
          <VerdictBadge verdict={result.verdict} /> <span className="mono">{result.id}</span> {result.title}{' '}
          <span className="faint">
            TR-069 {result.section} · {result.requirement}
          </span>
        </div>
        {result.reason ? <div className={result.verdict === 'fail' || result.verdict === 'error' ? 'error-text' : 'muted'}>{result.reason}</div> : null}
        {result.expected !== undefined ? <div>Expected: {result.expected}</div> : null}
        {result.actual !== undefined ? <div>Actual: {result.actual}</div> : null}
        <div className="exchanges" data-testid="tests-case-exchanges">
          {ids.length === 0 ? <span className="faint">No exchanges recorded for this case.</span> : null}
          {ids.map((id, i) => (
            <button key={id} type="button" className="btn small" aria-pressed={selected === id} onClick={() => void traffic.getState().select(id)}>
              #{ids.length === result.exchanges.length ? result.exchanges[i] : i + 1}
            </button>
          ))}
          {ids.length ? (
            <button
              type="button"
              className="btn small"
              onClick={() => {
                traffic.getState().setFollow(false);
                navigation.getState().go('traffic');
              }}
            >
              Show in Traffic
            </button>
          ) : null}
        </div>
      </div>
      {ids.length ? <TrafficDetail /> : null}
    </div>
  );
}

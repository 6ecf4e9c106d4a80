import type { ReactElement } from 'react';
import type { Verdict } from '../../../../src-shared/testing/report';

export function VerdictBadge({ verdict, running }: { verdict?: Verdict; running?: boolean }): ReactElement {
  if (!verdict) return <span className="verdict pending">{running ? 'running…' : '—'}</span>;
  return <span className={`verdict ${verdict}`}>{verdict}</span>;
}

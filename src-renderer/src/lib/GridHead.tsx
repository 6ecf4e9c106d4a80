import type { ReactElement } from 'react';

/** The header row of a `table.grid`: one plain text cell per column; an empty string is an unlabelled column. */
export function GridHead({ columns }: { columns: readonly string[] }): ReactElement {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (c ? <th key={i}>{c}</th> : <th key={i} />))}
      </tr>
    </thead>
  );
}

import type { ReactElement } from 'react';

export function CapturesView(): ReactElement {
  return (
    <div className="panel" data-testid="captures-view">
      <h1>Captures</h1>
      <p className="muted">Capture recording is not available from this workbench build yet.</p>
    </div>
  );
}

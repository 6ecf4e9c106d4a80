import type { ReactElement } from 'react';

export function CertificatesView(): ReactElement {
  return (
    <div className="panel" data-testid="certificates-view">
      <h1>Certificates</h1>
      <p className="muted">Certificate management is not available from this workbench build yet.</p>
    </div>
  );
}

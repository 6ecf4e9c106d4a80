import { lazy, Suspense, type ReactElement } from 'react';

// CodeMirror is a third of the bundle and only the XML tab needs it: load it on first use.
const XmlViewImpl = lazy(() => import('./XmlView').then((m) => ({ default: m.XmlView })));

export function XmlView(props: { text: string; pretty?: boolean }): ReactElement {
  return (
    <Suspense fallback={<div className="faint">Loading the XML view…</div>}>
      <XmlViewImpl {...props} />
    </Suspense>
  );
}

import { lazy, Suspense, type ReactElement } from 'react';

// CodeMirror loads on first use, as the traffic view's XML tab does.
const XmlEditorImpl = lazy(() => import('./XmlEditor').then((m) => ({ default: m.XmlEditor })));

export function XmlEditor(props: { initial: string; onChange: (text: string) => void }): ReactElement {
  return (
    <Suspense fallback={<div className="faint">Loading the editor…</div>}>
      <XmlEditorImpl {...props} />
    </Suspense>
  );
}

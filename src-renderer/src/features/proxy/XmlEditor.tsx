import { xml } from '@codemirror/lang-xml';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef, type ReactElement } from 'react';
import { codeTheme } from '../../lib/code-theme';

/** An editable XML buffer (CodeMirror 6). `initial` seeds it once; every edit goes to `onChange`. */
export function XmlEditor({ initial, onChange }: { initial: string; onChange: (text: string) => void }): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          xml(),
          EditorView.lineWrapping,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
          codeTheme({ '&': { maxHeight: '420px' }, '.cm-scroller': { overflow: 'auto' } }),
        ],
      }),
    });
    return () => view.destroy();
  }, [initial]);
  return <div className="codeview" ref={host} data-testid="paused-editor" />;
}

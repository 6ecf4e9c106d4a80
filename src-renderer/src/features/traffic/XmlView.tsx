import { xml } from '@codemirror/lang-xml';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef, type ReactElement } from 'react';
import { codeTheme } from '../../lib/code-theme';
import { prettyXml } from '../../lib/xml-pretty';

/** Read-only XML with highlighting, line numbers and folding (CodeMirror 6's basic setup). */
export function XmlView({ text, pretty = true }: { text: string; pretty?: boolean }): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: pretty ? prettyXml(text) : text,
        extensions: [
          // basicSetup brings line numbers, folding, highlighting and search (Ctrl+F) in one piece.
          basicSetup,
          xml(),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.lineWrapping,
          codeTheme(),
        ],
      }),
    });
    return () => view.destroy();
  }, [text, pretty]);
  return <div className="codeview" ref={host} data-testid="xml-view" />;
}

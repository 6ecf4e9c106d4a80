/**
 * CodeMirror colours that follow the app's light/dark theme. basicSetup's own styles are for light
 * backgrounds: its active-line band and gutter (the highlighted first line of a fresh view) and its syntax
 * colours were hard to read in dark mode.
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: [t.tagName, t.angleBracket], color: 'light-dark(#116329, #7ee787)' },
  { tag: t.attributeName, color: 'light-dark(#6f42c1, #d2a8ff)' },
  { tag: [t.attributeValue, t.string], color: 'light-dark(#0a3069, #a5d6ff)' },
  { tag: [t.comment, t.processingInstruction, t.meta], color: 'light-dark(#6e7781, #8b949e)' },
  { tag: [t.character, t.special(t.string)], color: 'light-dark(#953800, #ffa657)' },
  { tag: t.invalid, color: 'var(--fault)' },
]);

export function codeTheme(extra: Record<string, Record<string, string>> = {}): Extension {
  return [
    syntaxHighlighting(highlight),
    EditorView.theme({
      '&': { backgroundColor: 'var(--bg)', color: 'var(--fg)' },
      '.cm-gutters': { backgroundColor: 'var(--bg-2)', color: 'var(--fg-3)', borderRight: '1px solid var(--border)' },
      '.cm-activeLine': { backgroundColor: 'var(--row-hover)' },
      '.cm-activeLineGutter': { backgroundColor: 'var(--bg-3)', color: 'var(--fg)' },
      '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'var(--row-selected) !important' },
      '.cm-selectionMatch': { backgroundColor: 'var(--accent-soft)' },
      '.cm-cursor': { borderLeftColor: 'var(--fg)' },
      '.cm-foldPlaceholder': { backgroundColor: 'var(--bg-3)', color: 'var(--fg-2)', border: '1px solid var(--border)' },
    }),
    // A second theme adds to the first (sizes, scrolling) rather than replacing its '&' rule.
    EditorView.theme(extra),
  ];
}

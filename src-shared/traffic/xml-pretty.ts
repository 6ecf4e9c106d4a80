/**
 * Re-indents XML for reading. It only moves whitespace between tags, never inside text or attributes,
 * and leaves the input alone if it does not look like XML.
 */
export function prettyXml(xml: string, indent = '  '): string {
  const src = xml.trim();
  if (!src.startsWith('<')) return xml;
  const tokens = src.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g);
  if (!tokens) return xml;
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      out.push(`${indent.repeat(depth)}${t}`);
    } else if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>')) {
      out.push(`${indent.repeat(depth)}${t}`);
    } else if (t.startsWith('<')) {
      // <a>text</a> stays on one line.
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        out.push(`${indent.repeat(depth)}${t}${text}${close}`);
        i += 2;
      } else if (text?.startsWith('</')) {
        out.push(`${indent.repeat(depth)}${t}${text}`);
        i += 1;
      } else {
        out.push(`${indent.repeat(depth)}${t}`);
        depth++;
      }
    } else if (t.trim()) {
      out.push(`${indent.repeat(depth)}${t.trim()}`);
    }
  }
  return out.join('\n');
}

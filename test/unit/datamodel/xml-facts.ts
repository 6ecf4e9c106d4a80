/**
 * A deliberately independent reader of BBF full XML (plain regular expressions, no XML parser), so
 * the derivation's output can be checked against the source without reusing its code.
 */

export interface XmlParamFacts {
  access: string;
  status?: string;
  /** The base type element directly in the syntax, if any (not a dataType reference). */
  baseType?: string;
  dataTypeRef?: string;
  list: boolean;
  ranges: Array<{ min?: string; max?: string }>;
  sizes: Array<{ min?: string; max?: string }>;
  enums: string[];
  patterns: string[];
  defaultValue?: string;
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = decode(m[2]);
  return out;
}

function stripDescriptions(s: string): string {
  // uniqueKey holds `<parameter ref=…/>` elements that are not definitions.
  return s
    .replace(/<description\s*\/>/g, '')
    .replace(/<description[\s\S]*?<\/description>/g, '').replace(/<uniqueKey[\s\S]*?<\/uniqueKey>/g, '');
}

/** Object name → its text, for every named object of the document's model. */
export function xmlObjects(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = stripDescriptions(xml);
  for (const m of body.matchAll(/<object\s([^>]*?)(\/?)>/g)) {
    const a = attrs(m[1]);
    if (!a.name || m[2] === '/') continue;
    const start = (m.index ?? 0) + m[0].length;
    const end = body.indexOf('</object>', start);
    out.set(a.name.trim(), `<object ${m[1]}>` + body.slice(start, end));
  }
  return out;
}

/** The header attributes of an object's text. */
export function objectAttrs(objectText: string): Record<string, string> {
  return attrs(/^<object ([^>]*)>/.exec(objectText)?.[1] ?? '');
}

/** Parameter name → facts, for the parameters of one object's text. */
export function xmlParams(objectText: string): Map<string, XmlParamFacts> {
  const out = new Map<string, XmlParamFacts>();
  for (const m of objectText.matchAll(/<parameter\s([^>]*?)>([\s\S]*?)<\/parameter>/g)) {
    const a = attrs(m[1]);
    const syntax = /<syntax[^>]*>([\s\S]*?)<\/syntax>/.exec(m[2])?.[1] ?? '';
    const base = /<(string|boolean|int|unsignedInt|long|unsignedLong|dateTime|base64|hexBinary|decimal)[\s/>]/.exec(syntax);
    const ref = /<dataType\s+(?:ref|base)="([^"]+)"/.exec(syntax);
    const live = (t: string): boolean => !/status="deleted"/.test(t);
    out.set(a.name.trim(), {
      access: a.access,
      status: a.status,
      baseType: base?.[1],
      dataTypeRef: ref?.[1],
      list: /<list[\s/>]/.test(syntax),
      ranges: [...syntax.matchAll(/<range\s([^>]*?)\/?>/g)]
        .filter((r) => live(r[1]))
        .map((r) => {
          const ra = attrs(r[1]);
          return { min: ra.minInclusive, max: ra.maxInclusive };
        }),
      sizes: [...syntax.replace(/<list[\s\S]*?(<\/list>|\/>)/, '').matchAll(/<size\s([^>]*?)\/?>/g)].filter((r) => live(r[1])).map((r) => {
        const sa = attrs(r[1]);
        return { min: sa.minLength, max: sa.maxLength };
      }),
      enums: [...syntax.matchAll(/<enumeration\s([^>]*?)\/?>/g)].filter((e) => live(e[1])).map((e) => attrs(e[1]).value),
      patterns: [...syntax.matchAll(/<pattern\s([^>]*?)\/?>/g)].filter((e) => live(e[1])).map((e) => attrs(e[1]).value),
      defaultValue: /<default\s([^>]*)>/.exec(syntax)?.[1].match(/value="([^"]*)"/) && !/<default\s[^>]*status="deleted"/.test(syntax)
        ? decode(/<default\s[^>]*value="([^"]*)"/.exec(syntax)?.[1] ?? '')
        : undefined,
    });
  }
  return out;
}

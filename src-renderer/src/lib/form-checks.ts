/**
 * Checks for what people type into forms, in the user's words, before anything is sent. Each answers
 * `undefined` when the text is fine, or what is wrong with it (shown beside the field).
 */

/** Per-field problems of a form; a form is sent only when this is empty. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export function hasErrors(errors: FieldErrors<string>): boolean {
  return Object.values(errors).some(Boolean);
}

/** A whole number in [min, max]; `text` is what the field holds. */
export function checkWholeNumber(text: string, min: number, max: number): string | undefined {
  const t = text.trim();
  if (t === '') return 'Enter a number.';
  if (!/^[+-]?\d+$/.test(t)) return /^[+-]?\d*\.\d+$/.test(t) ? 'Enter a whole number.' : `"${t}" is not a number.`;
  const n = Number(t);
  if (n < min || n > max) return `Enter a number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.`;
  return undefined;
}

/** Splits a comma- or space-separated list ("a, b c"). */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  let groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const last = groups[groups.length - 1];
  if (last?.includes('.')) {
    if (!isIpv4(last)) return false;
    groups = [...groups.slice(0, -1), '0', '0'];
  }
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

export function isIpAddress(s: string): boolean {
  return isIpv4(s) || isIpv6(s);
}

/** A host name as a certificate's SAN holds it: labels of letters, digits and hyphens, `*.` allowed first. */
export function isDnsName(s: string): boolean {
  if (s.length > 253) return false;
  const labels = s.replace(/^\*\./, '').split('.');
  return labels.every((l) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l));
}

/** Every entry of a list is valid, or names the ones that are not. */
export function checkList(text: string, valid: (s: string) => boolean, what: string, whatPlural: string): string | undefined {
  const bad = splitList(text).filter((s) => !valid(s));
  if (bad.length === 0) return undefined;
  return bad.length === 1 ? `"${bad[0]}" is not ${what}.` : `${bad.map((b) => `"${b}"`).join(', ')} are not ${whatPlural}.`;
}

/** A URL with one of `schemes` (e.g. ['http', 'https']) and a host. */
export function checkUrl(text: string, schemes: string[]): string | undefined {
  const t = text.trim();
  const list = schemes.map((s) => `${s}://`).join(', ').replace(/, ([^,]*)$/, ' or $1');
  if (t === '') return `Enter a URL (${list}…).`;
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return `Not a URL; it starts with ${list}.`;
  }
  if (!schemes.includes(u.protocol.replace(/:$/, ''))) return `The URL must start with ${list}.`;
  if (!u.hostname) return 'The URL has no host.';
  return undefined;
}

/** The text of an API error without the method name in front ("certs/issue: not an IP address at ip.1"). */
export function withoutMethod(message: string): string {
  return message.replace(/^[a-z][a-z-]*\/[a-z][a-z-]*:\s*/, '');
}

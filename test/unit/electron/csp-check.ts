/** A small reader for Content-Security-Policy strings, and the rules the shell's policies must meet. */

export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    // The first occurrence of a directive wins; browsers ignore repeats.
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/**
 * What makes a policy weaker than the shell allows, in words (empty = strict): scripts only from 'self',
 * no eval anywhere, no plugins, no <base> rewriting, no wildcard or plain-http sources for code.
 * `meta` policies cannot carry frame-ancestors, so it is required of header policies only.
 */
export function cspProblems(policy: string, kind: 'header' | 'meta'): string[] {
  const csp = parseCsp(policy);
  const problems: string[] = [];
  if (/unsafe-eval|wasm-unsafe-eval|unsafe-hashes/i.test(policy)) problems.push('allows eval');
  const script = csp.get('script-src') ?? csp.get('default-src');
  if (!script) problems.push('no script-src or default-src');
  else if (script.join(' ') !== "'self'") problems.push(`script-src is "${script.join(' ')}", not 'self'`);
  const fallback = csp.get('default-src');
  if (!fallback) problems.push('no default-src');
  else if (fallback.some((s) => s === '*' || /^https?:$/i.test(s) || s.includes('*'))) problems.push('default-src has a wildcard');
  if (csp.get('object-src')?.join(' ') !== "'none'") problems.push("object-src is not 'none'");
  const base = csp.get('base-uri')?.join(' ');
  if (base !== "'none'" && base !== "'self'") problems.push('base-uri is not restricted');
  for (const [name, sources] of csp) {
    if (sources.some((s) => /^http:/i.test(s))) problems.push(`${name} allows plain http`);
  }
  if (kind === 'header' && csp.get('frame-ancestors')?.join(' ') !== "'none'") problems.push("frame-ancestors is not 'none'");
  return problems;
}

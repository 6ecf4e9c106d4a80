/**
 * Builds a string that matches a (simple) XSD pattern: the first alternative of each group, the
 * first character of each class, each quantified atom repeated `stretch` times when its quantifier
 * allows (else as close as it can). Good enough for the model's patterns (OUIs, versions, UUIDs);
 * callers validate the result and fall back when it does not match.
 */
export function samplePattern(pattern: string, stretch = 1): string {
  let i = 0;

  const parseAlternatives = (): string => {
    const first = parseSequence();
    while (pattern[i] === '|') {
      i++;
      parseSequence(); // other alternatives are skipped
    }
    return first;
  };

  const parseSequence = (): string => {
    let out = '';
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const atom = parseAtom();
      out += repeat(atom, parseQuantifier());
    }
    return out;
  };

  const parseAtom = (): string => {
    const c = pattern[i++];
    if (c === '(') {
      if (pattern.startsWith('?:', i)) i += 2;
      const s = parseAlternatives();
      i++; // ')'
      return s;
    }
    if (c === '[') return parseClass();
    if (c === '\\') return escape(pattern[i++]);
    if (c === '.') return 'a';
    if (c === '^' || c === '$') return '';
    return c;
  };

  const parseClass = (): string => {
    const negated = pattern[i] === '^';
    if (negated) i++;
    let first: string | undefined;
    while (i < pattern.length && pattern[i] !== ']') {
      let c = pattern[i++];
      if (c === '\\') c = escape(pattern[i++]);
      first ??= c;
    }
    i++; // ']'
    return negated ? (first === 'a' ? 'b' : 'a') : (first ?? 'a');
  };

  const parseQuantifier = (): [number, number] => {
    const c = pattern[i];
    if (c === '?') return i++, [0, 1];
    if (c === '*') return i++, [0, Infinity];
    if (c === '+') return i++, [1, Infinity];
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        i += m[0].length;
        const lo = Number(m[1]);
        return [lo, m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3])];
      }
    }
    return [1, 1];
  };

  const repeat = (atom: string, [lo, hi]: [number, number]): string =>
    atom.repeat(Math.min(Math.max(lo, stretch), hi));

  return parseAlternatives();
}

function escape(c: string): string {
  switch (c) {
    case 'd':
      return '0';
    case 'w':
    case 'i':
    case 'c':
      return 'a';
    case 's':
      return ' ';
    case 'D':
    case 'W':
    case 'S':
      return 'a';
    default:
      return c;
  }
}

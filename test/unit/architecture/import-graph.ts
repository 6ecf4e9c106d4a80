import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import picture of the source tree: every import, re-export, dynamic `import()` and `require` of every
 * source file, with relative specifiers resolved to repository paths. Read from the text (TypeScript 7 has
 * no JS API); comments are dropped first so a documented example is not an arrow.
 */

export interface ImportEdge {
  /** Repository path of the importing file, `/`-separated (`src-main/sim/device.ts`). */
  from: string;
  /** The specifier as written (`../acs/http-auth`, `node:fs`). */
  specifier: string;
  /** Repository path the relative specifier points at (no extension); undefined for packages and built-ins. */
  target?: string;
}

const SOURCE = /\.(ts|tsx|mts|mjs)$/;

export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(relative(root, full).split('\\').join('/'));
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out.sort();
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const PATTERNS = [
  // import x from '…', import type { … } from '…', export * from '…', export { … } from '…', import '…'
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]*?\bfrom\s*)?['"]([^'"\n]+)['"]/g,
  // import('…') — dynamic, and type positions such as `import('./index').Foo`
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

export function importsOf(file: string, text: string): ImportEdge[] {
  const code = withoutComments(text);
  const edges: ImportEdge[] = [];
  for (const re of PATTERNS) {
    for (const m of code.matchAll(re)) {
      const specifier = m[1];
      const edge: ImportEdge = { from: file, specifier };
      if (specifier.startsWith('.')) edge.target = join(dirname(file), specifier).split('\\').join('/').replace(/\.(ts|tsx|js|mjs)$/, '');
      edges.push(edge);
    }
  }
  return edges;
}

export function importGraph(root: string, dirs: string[]): ImportEdge[] {
  return sourceFiles(root, dirs).flatMap((f) => importsOf(f, readFileSync(resolve(root, f), 'utf8')));
}

/** `src-main/sim/device.ts` → `src-main/sim`; a target `src-main/acs/http-auth` → `src-main/acs`. */
export function areaOf(path: string): string {
  return path.split('/').slice(0, 2).join('/');
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function isPlatformSpecifier(specifier: string): boolean {
  const bare = specifier.split('/')[0];
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(bare) || bare === 'electron';
}

export interface ImportRule {
  /** What the rule keeps out, in words, for the failure message. */
  name: string;
  /** True when the edge is forbidden by this rule. */
  forbids(edge: ImportEdge): boolean;
}

const under = (path: string | undefined, prefix: string): boolean => path !== undefined && (path === prefix || path.startsWith(`${prefix}/`));

/** Folders of src-main that are not services: the composition root and the two entry points built on it. */
const COMPOSITION = ['src-main/app', 'src-main/electron', 'src-main/cli'];
/** Where calls arrive over a wire and errors become the contract's `{ code, message }`. */
const TRANSPORTS = ['src-main/server', 'src-main/electron'];

export const IMPORT_RULES: ImportRule[] = [
  {
    name: 'the core in src-shared does not import the contract (src-shared/<core> -> src-shared/api)',
    forbids: (e) => under(e.from, 'src-shared') && !under(e.from, 'src-shared/api') && under(e.target, 'src-shared/api'),
  },
  {
    name: 'src-shared is platform-free (no node:, Node built-ins or electron)',
    forbids: (e) => under(e.from, 'src-shared') && isPlatformSpecifier(e.specifier),
  },
  {
    name: 'src-shared does not import main or renderer code',
    forbids: (e) => under(e.from, 'src-shared') && (under(e.target, 'src-main') || under(e.target, 'src-renderer')),
  },
  {
    name: 'a service in src-main does not import the composition root (src-main/<service> -> src-main/app)',
    forbids: (e) => under(e.from, 'src-main') && !COMPOSITION.some((c) => under(e.from, c)) && under(e.target, 'src-main/app'),
  },
  {
    name: 'a service throws its own errors, not the transport\'s ApiError (src-main/<service> -> src-shared/api/errors)',
    forbids: (e) => under(e.from, 'src-main') && !TRANSPORTS.some((c) => under(e.from, c)) && e.target === 'src-shared/api/errors',
  },
  {
    name: 'the simulator knows the ACS only over HTTP (src-main/sim -> src-main/acs)',
    forbids: (e) => under(e.from, 'src-main/sim') && under(e.target, 'src-main/acs'),
  },
  {
    name: 'capture and traffic do not import each other (they meet in src-main/runtime)',
    forbids: (e) =>
      (under(e.from, 'src-main/capture') && under(e.target, 'src-main/traffic')) ||
      (under(e.from, 'src-main/traffic') && under(e.target, 'src-main/capture')),
  },
  {
    name: 'src-main/runtime is the floor: it imports only itself, util and src-shared',
    forbids: (e) =>
      under(e.from, 'src-main/runtime') &&
      under(e.target, 'src-main') &&
      !under(e.target, 'src-main/runtime') &&
      !under(e.target, 'src-main/util'),
  },
  {
    name: 'the renderer reaches main only through the contract (src-renderer -> src-main)',
    forbids: (e) => under(e.from, 'src-renderer') && under(e.target, 'src-main'),
  },
];

export function violations(edges: ImportEdge[], rules: ImportRule[] = IMPORT_RULES): string[] {
  const out: string[] = [];
  for (const rule of rules) for (const e of edges) if (rule.forbids(e)) out.push(`${e.from} imports '${e.specifier}': ${rule.name}`);
  return out;
}

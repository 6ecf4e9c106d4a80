/** Path helpers for the parameter tree. Objects are keyed with their trailing dot, as on the wire. */
import type { ParameterNode } from '../../../src-shared/api/index';

export function keyOf(node: ParameterNode): string {
  return node.object && !node.path.endsWith('.') ? `${node.path}.` : node.path;
}

/** `Device.A.B` → `Device.A.`; `Device.A.` → `Device.`; `Device.` → ''. */
export function parentOf(path: string): string {
  const trimmed = path.endsWith('.') ? path.slice(0, -1) : path;
  const at = trimmed.lastIndexOf('.');
  return at < 0 ? '' : trimmed.slice(0, at + 1);
}

/** The last segment, without its dot. */
export function leafName(path: string): string {
  const trimmed = path.endsWith('.') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('.') + 1);
}

export function isInstance(path: string): boolean {
  return /^\d+$/.test(leafName(path));
}

/** Numeric segments sort as numbers (1, 2, 10), the rest alphabetically; objects after parameters. */
export function comparePaths(a: string, b: string, aObject: boolean, bObject: boolean): number {
  if (aObject !== bObject) return aObject ? 1 : -1;
  const x = leafName(a);
  const y = leafName(b);
  const nx = /^\d+$/.test(x);
  const ny = /^\d+$/.test(y);
  if (nx && ny) return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Indexes nodes by key and lists each object's children. Ancestors the device never reported on their
 * own (a GPV answer carries only leaves) are filled in as objects so the tree stays connected.
 */
export function indexTree(list: ParameterNode[]): { nodes: Map<string, ParameterNode>; children: Map<string, string[]> } {
  const nodes = new Map<string, ParameterNode>();
  for (const n of list) nodes.set(keyOf(n), { ...n, path: keyOf(n) });
  for (const key of [...nodes.keys()]) {
    let p = parentOf(key);
    while (p && !nodes.has(p)) {
      nodes.set(p, { path: p, object: true });
      p = parentOf(p);
    }
  }
  const children = new Map<string, string[]>();
  for (const key of nodes.keys()) {
    const p = parentOf(key);
    const c = children.get(p);
    if (c) c.push(key);
    else children.set(p, [key]);
  }
  for (const c of children.values()) c.sort((a, b) => comparePaths(a, b, a.endsWith('.'), b.endsWith('.')));
  return { nodes, children };
}

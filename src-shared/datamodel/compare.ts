import type { ParameterNode } from '../devices/types';
import type { DataModel } from './data-model';
import { parentPath } from './data-model';
import type { ParameterTree } from './parameter-tree';

/** A path has a vendor-specific segment (`X_<OUI or domain>_…`, TR-106 §3.3). */
export function isVendorPath(path: string): boolean {
  return path.split('.').some((s) => s.startsWith('X_'));
}

export interface MissingParameter {
  /** Concrete path the device should have reported. */
  path: string;
  /** Schema path. */
  schemaPath: string;
  /** Required by the model's baseline profile or forcedInform; otherwise merely defined. */
  required: boolean;
  /**
   * The device was asked: the object holding the parameter (or, when that object is absent, its nearest
   * reported ancestor) was listed whole. False: nobody read it, so "missing" only means "not seen yet".
   */
  read: boolean;
  /** The partial path a GetParameterValues would read it with (the object holding it). */
  readPath: string;
}

export interface ModelComparison {
  /** Parameters the model defines for objects the device reported (or requires) that it lacks. */
  missing: MissingParameter[];
  /** Vendor-specific (`X_…`) nodes; only the top-most of each vendor subtree. */
  vendor: string[];
  /** Non-vendor nodes the model does not know; only the top-most of each unknown subtree. */
  unknown: string[];
  /** Parameters read-only in the model that the device reports writable. */
  writableButReadOnly: string[];
  /** Parameters the device reports that the model marks deprecated, obsoleted or deleted. */
  outdated: Array<{ path: string; status: string }>;
}

/**
 * Compares a device's tree with the model. Parameters of a present object count as missing only
 * when the device listed at least one parameter of that object (so a tree read one level at a time
 * is not flooded with false reports).
 */
export function compareWithModel(tree: ParameterTree, model: DataModel): ModelComparison {
  const result: ModelComparison = { missing: [], vendor: [], unknown: [], writableButReadOnly: [], outdated: [] };
  const required = new Set(model.requiredParameters());
  const missing = new Map<string, MissingParameter>();

  const visit = (node: ParameterNode): void => {
    const def = model.lookup(node.path);
    if (!def) {
      (isVendorPath(node.path) ? result.vendor : result.unknown).push(node.path);
      return; // the subtree is unknown too
    }
    if (def.kind === 'parameter') {
      if (!def.writable && node.writable === true) result.writableButReadOnly.push(node.path);
      if (def.status) result.outdated.push({ path: node.path, status: def.status });
      return;
    }
    const kids = tree.children(node.path);
    if (def.paramNames.length && kids.some((k) => !k.object) && def.status !== 'deleted') {
      for (const name of def.paramNames) {
        const path = node.path + name;
        if (tree.has(path)) continue;
        const sp = def.path + name;
        const pdef = model.parameter(sp);
        if (pdef?.status === 'deleted') continue;
        missing.set(path, { path, schemaPath: sp, required: required.has(sp), read: tree.listed(node.path), readPath: readPathFor(path, model) });
      }
    }
    for (const k of kids) visit(k);
  };
  for (const r of tree.children('')) visit(r);

  // Required single-instance parameters whose object the device did not report at all.
  if (tree.has(`${model.root}.`)) {
    for (const sp of required) {
      if (sp.includes('{i}') || tree.has(sp) || missing.has(sp)) continue;
      missing.set(sp, { path: sp, schemaPath: sp, required: true, read: nearestListed(tree, sp), readPath: readPathFor(sp, model) });
    }
  }
  result.missing = [...missing.values()];
  return result;
}

/** Whether the nearest object above `path` that the device reported was listed whole (so `path` is known absent). */
function nearestListed(tree: ParameterTree, path: string): boolean {
  for (let a = parentPath(path); a !== ''; a = parentPath(a)) if (tree.has(a)) return tree.listed(a);
  return false;
}

/** The object holding a parameter, except at the root: reading all of `Device.` for one parameter is too much. */
function readPathFor(path: string, model: DataModel): string {
  const parent = parentPath(path);
  return parent === `${model.root}.` ? path : parent;
}

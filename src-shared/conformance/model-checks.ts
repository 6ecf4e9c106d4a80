import type { CwmpMessage } from '../cwmp/types';
import { checkParameterValues } from '../datamodel/check-message';
import { compareWithModel } from '../datamodel/compare';
import type { DataModel } from '../datamodel/data-model';
import type { ParameterTree } from '../datamodel/parameter-tree';
import { FindingCollector } from './collector';
import type { Finding } from './types';

/**
 * The data-model issues of a message's parameter values (see `checkParameterValues`): broken values and
 * read-only writes are `data-model-value`; unknown paths, wrong xsi:types and obsolete parameters
 * `data-model-unknown`. Missing forced Inform parameters are `inform-forced-parameters`' business.
 */
export function modelValueFindings(message: CwmpMessage, model: DataModel, out: FindingCollector): void {
  for (const issue of checkParameterValues(message, model)) {
    out.add(issue.severity === 'error' ? 'data-model-value' : 'data-model-unknown', `${issue.path}: ${issue.message}`, issue.path);
  }
}

/**
 * Device-level findings from its parameter tree: parameters the model's baseline profile requires that
 * the device did not report when asked, those nobody has asked for yet, and read-only parameters it
 * reports writable.
 */
export function deviceTreeFindings(tree: ParameterTree, model: DataModel): Finding[] {
  const out = new FindingCollector();
  if (tree.size === 0) return out.findings;
  const cmp = compareWithModel(tree, model);
  for (const m of cmp.missing) {
    if (!m.required) continue;
    if (m.read) out.add('device-required-missing', `${m.path} is required by ${model.name} but the device did not report it when ${m.readPath} was read`, m.path);
    else out.add('device-required-unread', `${m.path} is required by ${model.name} but was never read: read ${m.readPath} to check it`, m.path);
  }
  for (const p of cmp.writableButReadOnly) {
    out.add('device-writable-read-only', `${p} is read-only in ${model.name} but the device reports it writable`, p);
  }
  return out.findings;
}

/**
 * The partial paths to read (GetParameterValues) so the required parameters nobody asked for yet get
 * checked: the objects holding them, without any already covered by another one in the list.
 */
export function unreadRequiredPaths(tree: ParameterTree, model: DataModel): { parameters: string[]; readPaths: string[] } {
  if (tree.size === 0) return { parameters: [], readPaths: [] };
  const unread = compareWithModel(tree, model).missing.filter((m) => m.required && !m.read);
  const objects = [...new Set(unread.map((m) => m.readPath))].sort();
  const readPaths = objects.filter((p) => !objects.some((q) => q !== p && p.startsWith(q)));
  return { parameters: unread.map((m) => m.path), readPaths };
}

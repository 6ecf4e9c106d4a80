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
 * the device did not report, and read-only parameters it reports writable.
 */
export function deviceTreeFindings(tree: ParameterTree, model: DataModel): Finding[] {
  const out = new FindingCollector();
  if (tree.size === 0) return out.findings;
  const cmp = compareWithModel(tree, model);
  for (const m of cmp.missing) {
    if (m.required) out.add('device-required-missing', `${m.path} is required by ${model.name} but the device did not report it`, m.path);
  }
  for (const p of cmp.writableButReadOnly) {
    out.add('device-writable-read-only', `${p} is read-only in ${model.name} but the device reports it writable`, p);
  }
  return out.findings;
}

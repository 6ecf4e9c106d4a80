/**
 * Data model (TR-069 A.3.2.3 and the device's declared model, TR-181 or TR-098 as shipped in
 * resources/datamodels): what the device reports against what its model says.
 */
import type { TestCase } from '../case';
import { define, host } from './define';

const AREA = 'Data model';

function check(id: string, title: string, name: string, requirement: 'mandatory' | 'conditional' = 'mandatory'): TestCase {
  return define({ id, title, area: AREA, section: 'A.3.2.3', requirement, steps: () => [host('datamodel', { check: name })] });
}

export const dataModelCases: TestCase[] = [
  check('dm.parameters-in-model', 'Every parameter the device reports exists in its declared data model (vendor X_ names aside)', 'parameters'),
  check('dm.objects-in-model', 'Every object the device reports exists in its declared data model (vendor X_ names aside)', 'objects'),
  check('dm.types', 'Every value is reported with the type its data model gives it', 'types'),
  check('dm.writability', 'GetParameterNames writability matches the data model', 'writability'),
  check('dm.baseline-profile', 'The parameters of the baseline profile (and the forced-Inform ones) are present', 'baseline'),
  check('dm.table-counts', 'Each NumberOfEntries parameter counts the instances of its table', 'counts', 'conditional'),
];

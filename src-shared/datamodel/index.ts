/** The BBF data model: schema lookups, value validation, the live parameter tree and checks. */
export * from './schema';
export { DataModel, schemaPath, parentPath } from './data-model';
export type { DataModelRoot, ParameterDef, ObjectDef, ModelItem, ProfileRequirements } from './data-model';
export { validateValue, defaultValueFor, splitList, joinList, isDateTime } from './validate';
export { ParameterTree, comparePaths } from './parameter-tree';
export { compareWithModel, isVendorPath } from './compare';
export type { ModelComparison, MissingParameter } from './compare';
export { checkMessage, messageRoot } from './check-message';
export type { MessageIssue } from './check-message';

/**
 * The one contract between main and renderer (and scripts, over HTTP). Each domain file declares its
 * methods' parameter schemas (validated at every entry point) and result types; this file joins them.
 * Wire names read `domain/verb`.
 */
import type { z } from 'zod';
import { devicesMethods, type DevicesResults } from './devices';
import { tasksMethods, type TasksResults } from './tasks';
import { trafficMethods, type TrafficResults } from './traffic';
import { serverMethods, type ServerResults } from './server';
import { certsMethods, type CertsResults } from './certs';
import { capturesMethods, type CapturesResults } from './captures';
import { proxyMethods, type ProxyResults } from './proxy';
import { datamodelMethods, type DatamodelResults } from './datamodel';
import { settingsMethods, type SettingsResults } from './settings';
import { filesMethods, type FilesResults } from './files';
import { testsMethods, type TestsResults } from './tests';
import { replayMethods, type ReplayResults } from './replay';

export const methodSchemas = {
  ...devicesMethods,
  ...tasksMethods,
  ...trafficMethods,
  ...serverMethods,
  ...certsMethods,
  ...capturesMethods,
  ...proxyMethods,
  ...datamodelMethods,
  ...settingsMethods,
  ...filesMethods,
  ...testsMethods,
  ...replayMethods,
} as const;

type AllResults = DevicesResults &
  TasksResults &
  TrafficResults &
  ServerResults &
  CertsResults &
  CapturesResults &
  ProxyResults &
  DatamodelResults &
  SettingsResults &
  FilesResults &
  TestsResults &
  ReplayResults;

export type MethodName = keyof typeof methodSchemas;
/** What a caller passes (defaults may be omitted). */
export type Params<K extends MethodName> = z.input<(typeof methodSchemas)[K]['params']>;
/** What a handler receives, after validation. */
export type ValidParams<K extends MethodName> = z.output<(typeof methodSchemas)[K]['params']>;
export type Result<K extends MethodName> = K extends keyof AllResults ? AllResults[K] : never;

export const METHOD_NAMES = Object.keys(methodSchemas) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methodSchemas, name);
}

export type { ApiEvents, ApiEventName, ApiEvent } from './events';
export { ApiError, type ApiErrorCode, type ApiErrorData, httpStatusOf } from './errors';
export type * from './devices';
export type * from './tasks';
export type * from './traffic';
export type * from './server';
export type * from './certs';
export type * from './captures';
export type * from './proxy';
export type * from './datamodel';
export type * from './settings';
export type * from './files';
export type * from './tests';
export type * from './replay';

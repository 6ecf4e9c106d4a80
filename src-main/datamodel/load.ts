import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataModel, type DataModelRoot } from '../../src-shared/datamodel/data-model';
import type { DataModelJson } from '../../src-shared/datamodel/schema';

/** The data models we ship. */
export type DataModelName = 'tr-181' | 'tr-098';

const FILES: Record<DataModelName, string> = {
  'tr-181': 'tr-181-2-17.json',
  'tr-098': 'tr-098-1-8.json',
};

let dirCache: string | undefined;

/**
 * `resources/datamodels`, found by walking up from this module: works from `src-main/datamodel`
 * under tsx and from the bundled `out/main/`.
 */
export function dataModelDir(): string {
  if (dirCache) return dirCache;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'resources', 'datamodels');
    if (existsSync(path.join(candidate, FILES['tr-181']))) return (dirCache = candidate);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('resources/datamodels not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The JSON file of a model (for sending to the renderer, which wraps it with `DataModel.fromJSON`). */
export function dataModelFile(name: DataModelName): string {
  return path.join(dataModelDir(), FILES[name]);
}

const jsonCache = new Map<DataModelName, Promise<DataModelJson>>();
const modelCache = new Map<DataModelName, Promise<DataModel>>();

/** The parsed JSON of a model (cached). */
export function loadDataModelJson(name: DataModelName): Promise<DataModelJson> {
  let p = jsonCache.get(name);
  if (!p) {
    if (!(name in FILES)) return Promise.reject(new Error(`unknown data model ${String(name)}`));
    p = readFile(dataModelFile(name), 'utf8').then((text) => JSON.parse(text) as DataModelJson);
    p.catch(() => jsonCache.delete(name));
    jsonCache.set(name, p);
  }
  return p;
}

/** Loads a shipped model (cached: every caller shares one instance). */
export function loadDataModel(name: DataModelName): Promise<DataModel> {
  let p = modelCache.get(name);
  if (!p) {
    p = loadDataModelJson(name).then((json) => DataModel.fromJSON(json));
    p.catch(() => modelCache.delete(name));
    modelCache.set(name, p);
  }
  return p;
}

/** The model name for a root object: `Device` → TR-181, `InternetGatewayDevice` → TR-098. */
export function modelNameForRoot(root: DataModelRoot): DataModelName {
  return root === 'InternetGatewayDevice' ? 'tr-098' : 'tr-181';
}

/** The model a device with this root speaks. */
export function modelForRoot(root: DataModelRoot): Promise<DataModel> {
  return loadDataModel(modelNameForRoot(root));
}

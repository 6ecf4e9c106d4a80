/**
 * The TR-181 / TR-098 data models, loaded on first use (about 1 MB each, so they are separate chunks
 * rather than part of the start-up bundle). The value check consults whichever model is loaded.
 */
import { DataModel } from '../../../src-shared/datamodel/index';
import type { DataModelJson } from '../../../src-shared/datamodel/schema';
import type { ValueCheck } from '../state/validate';

export type ModelRoot = 'Device' | 'InternetGatewayDevice';

const loaded = new Map<ModelRoot, DataModel>();
const loading = new Map<ModelRoot, Promise<DataModel | null>>();

export function loadModel(root: ModelRoot): Promise<DataModel | null> {
  const known = loaded.get(root);
  if (known) return Promise.resolve(known);
  let p = loading.get(root);
  if (!p) {
    const text = root === 'Device' ? import('../../../resources/datamodels/tr-181-2-17.json?raw') : import('../../../resources/datamodels/tr-098-1-8.json?raw');
    p = text.then(
      (m) => {
        const model = DataModel.fromJSON(JSON.parse(m.default) as DataModelJson);
        loaded.set(root, model);
        return model;
      },
      () => null,
    );
    loading.set(root, p);
  }
  return p;
}

export function modelFor(path: string): DataModel | undefined {
  return loaded.get(path.startsWith('InternetGatewayDevice.') ? 'InternetGatewayDevice' : 'Device');
}

/** Range, enumeration, pattern and size from the model, when the model knows the parameter. */
export const checkWithModel: ValueCheck = (path, value) => {
  const model = modelFor(path);
  const def = model?.parameter(path);
  if (!model || !def) return null;
  return model.validateValue(def, value);
};

import type { ModelComparison } from './compare';
import type { ModelItem } from './data-model';

/** The data models the workbench ships: TR-181 (`Device.`) and TR-098 (`InternetGatewayDevice.`). */
export const DATA_MODEL_NAMES = ['tr-181', 'tr-098'] as const;
export type DataModelName = (typeof DATA_MODEL_NAMES)[number];

export interface DataModelLookupResult {
  /** The model asked, e.g. `Device:2.17`. */
  model: string;
  /** `null` when the model does not define the path. */
  definition: ModelItem | null;
  /** With `children: true` on an object path: its parameters, then its child objects. */
  children?: ModelItem[];
}

export interface DataModelValidateResult {
  ok: boolean;
  /** Why the value is refused (or, with `ok`, a note such as "vendor parameter: not checked"). */
  message?: string;
}

export interface DataModelCompareResult extends ModelComparison {
  deviceId: string;
  /** The model compared against, e.g. `Device:2.17`. */
  model: string;
  /** Nodes in the device's tree. */
  nodes: number;
}

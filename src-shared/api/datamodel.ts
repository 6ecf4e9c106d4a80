import { z } from 'zod';
import type { Finding, ConformanceRule } from '../conformance/types';
import type { ModelComparison } from '../datamodel/compare';
import type { ModelItem } from '../datamodel/data-model';
import type { DataModelJson } from '../datamodel/schema';

/** The data models the workbench ships: TR-181 (`Device.`) and TR-098 (`InternetGatewayDevice.`). */
export const DATA_MODEL_NAMES = ['tr-181', 'tr-098'] as const;
export type DataModelName = (typeof DATA_MODEL_NAMES)[number];

const modelName = z.enum(DATA_MODEL_NAMES);
const deviceId = z.string().min(1).max(512);
/** A concrete or schema path; the root picks the model (`InternetGatewayDevice.` → TR-098, else TR-181). */
const path = z.string().min(1).max(1024);

export const datamodelMethods = {
  /** The compact JSON of a model; wrap it with `DataModel.fromJSON` (about 1 MB: fetch once and keep). */
  'datamodel/get': { params: z.object({ name: modelName }).strict() },
  /** The definition of a path, optionally with the items directly under an object path. */
  'datamodel/lookup': {
    params: z
      .object({
        path,
        /** Default: by the path's root. */
        name: modelName.optional(),
        children: z.boolean().optional(),
      })
      .strict(),
  },
  /** Whether a value is valid for a parameter (type, range, size, enumeration, pattern). */
  'datamodel/validate': {
    params: z.object({ path, value: z.string().max(1_000_000), name: modelName.optional() }).strict(),
  },
  /** A device's parameter tree compared with its model. */
  'datamodel/compare': { params: z.object({ deviceId }).strict() },
  /** Every conformance rule: id, severity, TR-069 section, what it checks. */
  'conformance/rules': { params: z.object({}).strict() },
  /** The conformance findings of both CWMP messages of one recorded exchange. */
  'conformance/check-exchange': { params: z.object({ exchangeId: z.string().min(1).max(128) }).strict() },
  /** The findings of one CWMP message given as XML (a script's or the raw-request editor's), without session context. */
  'conformance/check-message': {
    params: z
      .object({
        xml: z.string().min(1).max(10_000_000),
        /** Who sends it; default: inferred from the method (CPE requests, CPE responses and faults: the CPE). */
        sender: z.enum(['cpe', 'acs']).optional(),
        /** Check parameter values against this model; default: by the message's root. */
        name: modelName.optional(),
      })
      .strict(),
  },
  /** The findings of a device's recorded traffic (newest `limit` exchanges) and of its parameter tree. */
  'conformance/check-device': {
    params: z.object({ deviceId, limit: z.number().int().min(1).max(100_000).optional() }).strict(),
  },
} as const;

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

/** A finding on one message of an exchange: `request` is the HTTP request body (what the CPE sent). */
export interface ExchangeFinding extends Finding {
  exchangeId: string;
  direction: 'request' | 'response';
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export interface ExchangeConformance {
  exchangeId: string;
  deviceId?: string;
  /** The model values were checked against, when the device's root is known. */
  model?: string;
  /** Which bodies were checked (a missing or empty body has nothing to check). */
  checked: { request: boolean; response: boolean };
  findings: ExchangeFinding[];
  counts: FindingCounts;
}

export interface DeviceConformance {
  deviceId: string;
  model?: string;
  /** Exchanges whose bodies were checked. */
  exchanges: number;
  /** Findings on the device's traffic (oldest first), then on its parameter tree (`exchangeId` absent). */
  findings: Array<Finding & { exchangeId?: string; direction?: 'request' | 'response' }>;
  counts: FindingCounts;
  /**
   * Required parameters the ACS never read (`device-required-unread`), and the partial paths that a
   * GetParameterValues task each would read them with (`tasks/create`): what "read them" offers.
   */
  unread?: { parameters: string[]; readPaths: string[] };
}

export interface DatamodelResults {
  'datamodel/get': DataModelJson;
  'datamodel/lookup': DataModelLookupResult;
  'datamodel/validate': DataModelValidateResult;
  'datamodel/compare': DataModelCompareResult;
  'conformance/rules': { rules: ConformanceRule[] };
  'conformance/check-message': { decoded: boolean; model?: string; findings: Finding[]; counts: FindingCounts };
  'conformance/check-exchange': ExchangeConformance;
  'conformance/check-device': DeviceConformance;
}

import { z } from 'zod';
import type { Finding, ConformanceRule } from '../conformance/types';
import type { DeviceConformance, ExchangeConformance, FindingCounts } from '../conformance/reports';
import { DATA_MODEL_NAMES, type DataModelCompareResult, type DataModelLookupResult, type DataModelValidateResult } from '../datamodel/results';
import type { DataModelJson } from '../datamodel/schema';

export * from '../datamodel/results';
export type * from '../conformance/reports';

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

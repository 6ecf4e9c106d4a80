import type { ApiHandlers } from '../../src-shared/api/client';
import type { DataModelName, DeviceConformance, ExchangeConformance } from '../../src-shared/api/datamodel';
import type { DeviceDetail } from '../../src-shared/api/devices';
import { NotFoundError } from '../../src-shared/errors/domain-error';
import {
  CONFORMANCE_RULES,
  conformanceCheck,
  countFindings,
  decodeErrorFinding,
  deviceTreeFindings,
  unreadRequiredPaths,
  FindingCollector,
} from '../../src-shared/conformance/index';
import { parseCwmp } from '../../src-shared/cwmp/index';
import { messageRoot } from '../../src-shared/datamodel/check-message';
import { compareWithModel, isVendorPath } from '../../src-shared/datamodel/compare';
import type { DataModel, DataModelRoot } from '../../src-shared/datamodel/data-model';
import { ParameterTree } from '../../src-shared/datamodel/parameter-tree';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { checkExchangeSequence, HISTORY_EXCHANGES } from './exchange-checks';
import { loadDataModel, loadDataModelJson, modelNameForRoot } from './load';

export type DataModelHandlerName =
  | 'datamodel/get'
  | 'datamodel/lookup'
  | 'datamodel/validate'
  | 'datamodel/compare'
  | 'conformance/rules'
  | 'conformance/check-message'
  | 'conformance/check-exchange'
  | 'conformance/check-device';

export interface DataModelServiceDeps {
  /** A device with its parameter tree; throws `NotFoundError` for an unknown id (as `devices/get` does). */
  getDevice(deviceId: string): Promise<DeviceDetail> | DeviceDetail;
  /** One recorded exchange. */
  getExchange(id: string): Exchange | undefined;
  /** A device's newest `limit` recorded exchanges, oldest first. Without it an exchange is checked on its own. */
  listExchanges?(deviceId: string, limit: number): Exchange[];
  /**
   * The data-model root a device speaks (undefined: unknown device or root). Checking one exchange uses this
   * rather than `getDevice`, so it does not build the device's whole parameter tree.
   */
  deviceRoot?(deviceId: string): DataModelRoot | undefined;
  /**
   * An exchange and up to `count` earlier exchanges of its device, oldest first. Checking one exchange uses
   * this rather than listing the device's traffic, so its cost does not grow with all traffic recorded.
   */
  exchangeHistory?(exchangeId: string, count: number): Exchange[];
}

export interface DataModelService {
  handlers: Pick<ApiHandlers, DataModelHandlerName>;
}

/** Newest exchanges `conformance/check-device` looks at unless told otherwise. */
export const DEFAULT_DEVICE_EXCHANGES = 500;

function nameForPath(path: string, name: DataModelName | undefined): DataModelName {
  return name ?? (path.startsWith('InternetGatewayDevice.') || path === 'InternetGatewayDevice' ? 'tr-098' : 'tr-181');
}

/** The root a device speaks: as it reported it, else from its tree. */
function deviceRoot(device: DeviceDetail): DataModelRoot | undefined {
  if (device.root) return device.root;
  for (const n of device.parameters) {
    if (n.path.startsWith('InternetGatewayDevice.')) return 'InternetGatewayDevice';
    if (n.path.startsWith('Device.')) return 'Device';
  }
  return undefined;
}

async function bothModels(): Promise<(root: DataModelRoot) => DataModel> {
  const [d, igd] = await Promise.all([loadDataModel('tr-181'), loadDataModel('tr-098')]);
  return (root) => (root === 'InternetGatewayDevice' ? igd : d);
}

/** The data model and conformance methods: schema look-ups and value checks, model comparison, traffic checks. */
export function createDataModelService(deps: DataModelServiceDeps): DataModelService {
  const tryDevice = async (deviceId: string): Promise<DeviceDetail | undefined> => {
    try {
      return await deps.getDevice(deviceId);
    } catch (err) {
      // By code: `getDevice` may be the ACS's service or any stand-in answering like it.
      if ((err as { code?: unknown } | null)?.code === 'not-found') return undefined;
      throw err;
    }
  };

  const handlers: Pick<ApiHandlers, DataModelHandlerName> = {
    'datamodel/get': ({ name }) => loadDataModelJson(name),

    'datamodel/lookup': async ({ path, name, children }) => {
      const model = await loadDataModel(nameForPath(path, name));
      const definition = model.lookup(path) ?? null;
      const result: Awaited<ReturnType<ApiHandlers['datamodel/lookup']>> = { model: model.name, definition };
      if (children && definition?.kind === 'object') result.children = model.children(path);
      return result;
    },

    'datamodel/validate': async ({ path, value, name }) => {
      const model = await loadDataModel(nameForPath(path, name));
      const item = model.lookup(path);
      if (!item) {
        if (isVendorPath(path)) return { ok: true, message: 'a vendor-specific (X_) parameter: the model does not define it, so it is not checked' };
        return { ok: false, message: `${path} is not a parameter of the ${model.name} model` };
      }
      if (item.kind === 'object') return { ok: false, message: `${path} is an object in the ${model.name} model; only parameters have values` };
      const err = model.validateValue(item, value);
      return err ? { ok: false, message: err } : { ok: true };
    },

    'datamodel/compare': async ({ deviceId }) => {
      const device = await deps.getDevice(deviceId);
      const root = deviceRoot(device) ?? 'Device';
      const model = await loadDataModel(modelNameForRoot(root));
      const tree = ParameterTree.fromNodes(device.parameters);
      return { deviceId, model: model.name, nodes: tree.size, ...compareWithModel(tree, model) };
    },

    'conformance/rules': () => ({ rules: CONFORMANCE_RULES.map((r) => ({ ...r })) }),

    'conformance/check-message': async ({ xml, sender, name }) => {
      const decoded = parseCwmp(xml);
      if (!decoded.ok) {
        const out = new FindingCollector();
        decodeErrorFinding(decoded.error, out);
        return { decoded: false, findings: out.findings, counts: countFindings(out.findings) };
      }
      const root = messageRoot(decoded.message);
      const modelName = name ?? (root ? modelNameForRoot(root) : undefined);
      const chosen = modelName ? await loadDataModel(modelName) : undefined;
      // A model of the other root does not apply (conformanceCheck would skip it too).
      const model = chosen && (!root || root === chosen.root) ? chosen : undefined;
      const findings = conformanceCheck(decoded.message, { model, ...(sender ? { sender } : {}) });
      return { decoded: true, ...(model ? { model: model.name } : {}), findings, counts: countFindings(findings) };
    },

    'conformance/check-exchange': async ({ exchangeId }): Promise<ExchangeConformance> => {
      const exchange = deps.getExchange(exchangeId);
      if (!exchange) throw new NotFoundError(`No exchange with id ${exchangeId} (it may have been cleared or aged out)`);
      const modelFor = await bothModels();
      let sequence: Exchange[] = [exchange];
      let root: DataModelRoot | undefined;
      if (exchange.deviceId) {
        if (deps.deviceRoot) root = deps.deviceRoot(exchange.deviceId);
        else {
          const device = await tryDevice(exchange.deviceId);
          root = device ? deviceRoot(device) : undefined;
        }
        if (deps.exchangeHistory) {
          const history = deps.exchangeHistory(exchangeId, HISTORY_EXCHANGES);
          if (history.at(-1)?.id === exchangeId) sequence = history;
        } else {
          const all = deps.listExchanges?.(exchange.deviceId, 100_000) ?? [];
          const at = all.findIndex((x) => x.id === exchangeId);
          if (at >= 0) sequence = all.slice(Math.max(0, at - HISTORY_EXCHANGES), at + 1);
        }
      }
      const [checked] = checkExchangeSequence(sequence, { modelFor, deviceRoot: root, only: new Set([exchangeId]) });
      const result: ExchangeConformance = {
        exchangeId,
        checked: checked?.checked ?? { request: false, response: false },
        findings: checked?.findings ?? [],
        counts: countFindings(checked?.findings ?? []),
      };
      if (exchange.deviceId) result.deviceId = exchange.deviceId;
      if (checked?.model) result.model = checked.model.name;
      return result;
    },

    'conformance/check-device': async ({ deviceId, limit }): Promise<DeviceConformance> => {
      const device = await tryDevice(deviceId);
      const exchanges = deps.listExchanges?.(deviceId, limit ?? DEFAULT_DEVICE_EXCHANGES) ?? [];
      if (!device && exchanges.length === 0) throw new NotFoundError(`No device ${deviceId} and no traffic recorded for it`);
      const modelFor = await bothModels();
      const root = device ? deviceRoot(device) : undefined;
      const checked = checkExchangeSequence(exchanges, { modelFor, deviceRoot: root });
      // The device is judged by what it sent: the ACS's own messages (the responses here) are not its doing.
      const findings: DeviceConformance['findings'] = checked.flatMap((c) => c.findings.filter((f) => f.direction === 'request'));
      const model = root ? modelFor(root) : checked.find((c) => c.model)?.model;
      const tree = device && model ? ParameterTree.fromNodes(device.parameters) : undefined;
      if (tree && model) findings.push(...deviceTreeFindings(tree, model));
      const result: DeviceConformance = { deviceId, exchanges: checked.length, findings, counts: countFindings(findings) };
      if (model) result.model = model.name;
      const unread = tree && model ? unreadRequiredPaths(tree, model) : undefined;
      if (unread?.parameters.length) result.unread = unread;
      return result;
    },
  };
  return { handlers };
}

/**
 * What the runner learns about the device before the cases run (read-only requests): its data model root,
 * every parameter with its type, value and writability, its RPC methods, and the candidates cases need
 * ("a writable string parameter", "a table the ACS may add to"). Cases state their preconditions in these
 * terms and are skipped, saying which, when the device has none.
 */
import type { Inform, ParameterInfoStruct, ParameterValueStruct } from '../../src-shared/cwmp/types';
import type { DeviceLink, SeenInform } from './device-link';

export interface ParamFact {
  name: string;
  value?: string;
  type?: string;
  writable: boolean;
}

export interface DeviceFacts {
  deviceId: string;
  root: 'Device' | 'InternetGatewayDevice';
  softwareVersion: string;
  /** The Inform that opened the run's first session. */
  inform: Inform;
  informedOverTls: boolean;
  methods: string[];
  params: Map<string, ParamFact>;
  /** Objects (paths ending in `.`) with their writability (a writable table takes AddObject). */
  objects: Map<string, boolean>;
  /** Named candidates and other values cases use as `${name}` (root, writableString, ...). */
  vars: Record<string, string>;
  /** Why discovery could not learn something (shown in skip reasons). */
  problems: string[];
  /** The exchanges discovery read the device through (cited by cases judged on these facts alone). */
  exchangeIds: string[];
}

const NOT_TOUCHED = /(Password|Passphrase|PreSharedKey|KeyPassphrase|WEPKey|Secret|PSK|\.URL$|Username$|Alias$|ManagementServer\.|X_)/;

function pick(params: Iterable<ParamFact>, type: string, prefer: string[] = [], avoid: ReadonlySet<string> = new Set()): ParamFact | undefined {
  // Parameters the Inform always carries are avoided: notification cases need one it does not.
  const all = [...params].filter((p) => p.writable && p.type === type && !NOT_TOUCHED.test(p.name) && !avoid.has(p.name));
  for (const suffix of prefer) {
    const hit = all.find((p) => p.name.endsWith(suffix));
    if (hit) return hit;
  }
  return all[0];
}

/** Learns the facts through GetRPCMethods, GetParameterNames and GetParameterValues on the whole tree. */
export async function discoverFacts(link: DeviceLink, first: SeenInform): Promise<DeviceFacts> {
  const problems: string[] = [];
  const inform = first.inform;
  const rootGuess = inform.parameterList.some((p) => p.name.startsWith('InternetGatewayDevice.')) ? 'InternetGatewayDevice' : 'Device';
  const facts: DeviceFacts = {
    deviceId: link.deviceId,
    root: rootGuess,
    softwareVersion: inform.parameterList.find((p) => p.name.endsWith('DeviceInfo.SoftwareVersion'))?.value ?? '',
    inform,
    informedOverTls: first.tls,
    methods: [],
    params: new Map(),
    objects: new Map(),
    vars: {},
    problems,
    exchangeIds: [],
  };
  link.mark();

  const methods = await link.request({ name: 'GetRPCMethods' });
  if (methods.type === 'response' && methods.rpc.name === 'GetRPCMethodsResponse') facts.methods = methods.rpc.methodList;
  else problems.push(`GetRPCMethods: ${methods.type === 'fault' ? `fault ${methods.fault.faultCode}` : methods.type === 'no-response' ? methods.message : methods.rpc.name}`);

  const names = await link.request({ name: 'GetParameterNames', parameterPath: `${facts.root}.`, nextLevel: false });
  let infos: ParameterInfoStruct[] = [];
  if (names.type === 'response' && names.rpc.name === 'GetParameterNamesResponse') infos = names.rpc.parameterList;
  else problems.push(`GetParameterNames ${facts.root}.: ${names.type === 'fault' ? `fault ${names.fault.faultCode}` : names.type === 'no-response' ? names.message : names.rpc.name}`);
  for (const i of infos) {
    if (i.name.endsWith('.')) facts.objects.set(i.name, i.writable);
    else facts.params.set(i.name, { name: i.name, writable: i.writable });
  }

  const values = await link.request({ name: 'GetParameterValues', parameterNames: [`${facts.root}.`] });
  let list: ParameterValueStruct[] = [];
  if (values.type === 'response' && values.rpc.name === 'GetParameterValuesResponse') list = values.rpc.parameterList;
  else problems.push(`GetParameterValues ${facts.root}.: ${values.type === 'fault' ? `fault ${values.fault.faultCode}` : values.type === 'no-response' ? values.message : values.rpc.name}`);
  for (const v of list) {
    const p = facts.params.get(v.name) ?? { name: v.name, writable: false };
    p.value = v.value;
    p.type = v.type;
    facts.params.set(v.name, p);
  }
  if (list.length) {
    const sw = facts.params.get(`${facts.root}.DeviceInfo.SoftwareVersion`)?.value;
    if (sw) facts.softwareVersion = sw;
  }
  fillVars(facts);
  facts.exchangeIds = link.exchangeIds();
  return facts;
}

function fillVars(f: DeviceFacts): void {
  const v = f.vars;
  const ms = `${f.root}.ManagementServer.`;
  v.root = f.root;
  v.ms = ms;
  v.serial = f.inform.deviceId.serialNumber;
  v.softwareVersionParam = `${f.root}.DeviceInfo.SoftwareVersion`;
  const params = [...f.params.values()];
  const forced = new Set(f.inform.parameterList.map((p) => p.name));
  const str = pick(params, 'xsd:string', ['UserInterface.WarningMessage', 'Description'], forced);
  if (str) v.writableString = str.name;
  const str2 = params.find((p) => p.writable && p.type === 'xsd:string' && !NOT_TOUCHED.test(p.name) && !forced.has(p.name) && p.name !== str?.name);
  if (str2) v.writableString2 = str2.name;
  const bool = pick(params, 'xsd:boolean', ['UserInterface.PasswordRequired', 'Enable']);
  if (bool) v.writableBoolean = bool.name;
  const uint = pick(params, 'xsd:unsignedInt', ['PeriodicInformInterval']);
  if (uint) v.writableUnsignedInt = uint.name;
  const int = pick(params, 'xsd:int');
  if (int) v.writableInt = int.name;
  const dt = pick(params, 'xsd:dateTime');
  if (dt) v.writableDateTime = dt.name;
  const ro = params.find((p) => !p.writable && p.type === 'xsd:string' && p.name.startsWith(`${f.root}.DeviceInfo.`));
  if (ro) v.readOnly = ro.name;
  if (f.params.has(`${ms}PeriodicInformInterval`)) v.informIntervalParam = `${ms}PeriodicInformInterval`;
  if (f.params.has(`${ms}ParameterKey`)) v.parameterKeyParam = `${ms}ParameterKey`;
  if (f.params.get(`${ms}URL`)?.writable) v.acsUrlParam = `${ms}URL`;
  // A table the ACS may add to: a writable object whose instances (if any) are numbered children.
  for (const [path, writable] of f.objects) {
    if (!writable || /\.\d+\.$/.test(path) || path.includes('.X_')) continue;
    const instances = [...f.objects.keys()].filter((o) => o.startsWith(path) && /^\d+\.$/.test(o.slice(path.length)));
    const hasWritableChild = instances.some((i) => [...f.params.values()].some((p) => p.writable && p.name.startsWith(i)));
    if (instances.length === 0 && !v.addableTable) v.addableTable = path;
    if (instances.length > 0 && hasWritableChild) {
      v.addableTable = path;
      break;
    }
  }
  const tablesWithInstance = [...f.objects.keys()].find((o) => /\.\d+\.$/.test(o));
  if (tablesWithInstance) v.someInstance = tablesWithInstance;
  const leaf = params.find((p) => p.name.startsWith(`${f.root}.DeviceInfo.`) && p.value !== undefined);
  if (leaf) v.someParam = leaf.name;
  const partial = `${f.root}.DeviceInfo.`;
  if (f.objects.has(partial)) v.partialPath = partial;
}

/** Why a case cannot run for lack of these facts (variables), or null. */
export function missingFacts(f: DeviceFacts, needs: readonly string[]): string | null {
  const missing = needs.filter((n) => f.vars[n] === undefined);
  if (!missing.length) return null;
  return `the device offers no ${missing.map(describeNeed).join(', no ')}${f.problems.length ? ` (discovery: ${f.problems.join('; ')})` : ''}`;
}

const NEEDS: Record<string, string> = {
  writableString: 'writable string parameter',
  writableString2: 'second writable string parameter',
  writableBoolean: 'writable boolean parameter',
  writableUnsignedInt: 'writable unsignedInt parameter',
  writableInt: 'writable int parameter',
  writableDateTime: 'writable dateTime parameter',
  readOnly: 'read-only DeviceInfo parameter',
  informIntervalParam: 'ManagementServer.PeriodicInformInterval',
  parameterKeyParam: 'ManagementServer.ParameterKey',
  acsUrlParam: 'writable ManagementServer.URL',
  addableTable: 'table that takes AddObject',
  someInstance: 'object instance',
  partialPath: 'DeviceInfo object',
};

function describeNeed(n: string): string {
  return NEEDS[n] ?? n;
}

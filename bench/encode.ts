/**
 * Build throughput of `buildCwmp` (xmlbuilder2: DOM build + namespace-aware serialization, plus
 * our reference pass) beside the hand-written string writer it replaced, kept here only as the
 * baseline. Both must produce the same bytes (checked before timing), so the ratio is the price
 * of building through xmlbuilder2. Ratio = xmlbuilder2 throughput / writer throughput (median of
 * interleaved pairs); below 1 is slower.
 */
import { buildCwmp, type CwmpHeader, type Rpc } from '../src-shared/cwmp';
import { DEFAULT_CWMP_NAMESPACE, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS } from '../src-shared/cwmp/namespaces';
import { DU_OPERATION_STRUCTS, RPC_SPECS, type ArraySpec, type FieldSpec, type LeafKind } from '../src-shared/cwmp/rpc-specs';
import type { BenchLine } from './types';

// ---- Baseline: the previous hand-written writer (string concatenation), unchanged in output. ----

const TEXT_SPECIAL_G = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const ATTR_SPECIAL_G = /[&<>"'\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const REPL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;', '\n': '&#xA;', '\t': '&#x9;' };
const escText = (s: string): string => s.replace(TEXT_SPECIAL_G, (c) => REPL[c] ?? '');
const escAttr = (s: string): string => s.replace(ATTR_SPECIAL_G, (c) => REPL[c] ?? '');
const leaf = (n: string, t: string): string => (t === '' ? `<${n}/>` : `<${n}>${escText(t)}</${n}>`);
type In = Record<string, unknown>;

function leafValue(kind: LeafKind, v: unknown): string {
  if (kind === 'bool') return v ? 'true' : 'false';
  if (kind === 'int') return typeof v === 'number' && Number.isFinite(v) ? String(Math.trunc(v)) : String(v ?? 0);
  return v === undefined || v === null ? '' : String(v);
}

function writeArray(el: string, spec: ArraySpec, list: unknown, out: string[]): void {
  const items = Array.isArray(list) ? list : [];
  out.push(`<${el} SOAP-ENC:arrayType="${spec.arrayType}[${items.length}]">`);
  for (const item of items) {
    if (typeof spec.of === 'object') {
      out.push(`<${spec.item}>`);
      writeFields(spec.of.struct.fields, item as In, out);
      out.push(`</${spec.item}>`);
    } else {
      out.push(leaf(spec.item, leafValue(spec.of, item)));
    }
  }
  out.push(`</${el}>`);
}

function writeFields(fields: FieldSpec[], obj: In, out: string[]): void {
  for (const f of fields) {
    const k = f.kind;
    if (k === 'anyValue') {
      const type = String(obj.type ?? '');
      const value = escText(String(obj.value ?? ''));
      out.push(type === '' ? `<Value>${value}</Value>` : `<Value xsi:type="${escAttr(type)}">${value}</Value>`);
      continue;
    }
    const v = obj[f.key];
    if (v === undefined && f.optional) continue;
    if (typeof k === 'string') out.push(leaf(f.el, leafValue(k, v)));
    else if ('struct' in k) {
      out.push(`<${f.el}>`);
      writeFields(k.struct.fields, (v ?? {}) as In, out);
      out.push(`</${f.el}>`);
    } else writeArray(f.el, k.array, v, out);
  }
}

function writerBuild(rpc: Rpc, h: CwmpHeader): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV_NS}" xmlns:SOAP-ENC="${SOAP_ENC_NS}" xmlns:xsd="${XSD_NS}"`,
    ` xmlns:xsi="${XSI_NS}" xmlns:cwmp="${escAttr(DEFAULT_CWMP_NAMESPACE)}">`,
  ];
  // Only the header entries these cases use.
  if (h.id !== undefined) out.push(`<SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand="1">${escText(h.id)}</cwmp:ID></SOAP-ENV:Header>`);
  out.push('<SOAP-ENV:Body>');
  if (rpc.name === 'Fault' || rpc.name === 'ChangeDUState') throw new Error('not in these cases');
  void DU_OPERATION_STRUCTS;
  const spec = RPC_SPECS[rpc.name];
  if (spec.length === 0) out.push(`<cwmp:${rpc.name}/>`);
  else {
    out.push(`<cwmp:${rpc.name}>`);
    writeFields(spec, rpc as unknown as In, out);
    out.push(`</cwmp:${rpc.name}>`);
  }
  out.push('</SOAP-ENV:Body></SOAP-ENV:Envelope>');
  return out.join('');
}

// ---- Cases ----

interface Case {
  label: string;
  messages: { rpc: Rpc; header: CwmpHeader }[];
  pairs: number;
  sliceMs: number;
}

function gpvResponse(n: number): Case {
  const types = ['xsd:string', 'xsd:unsignedInt', 'xsd:boolean', 'xsd:dateTime'];
  const values = ['Wohnzimmer-5G & <Gäste>', '42', 'true', '2024-05-01T12:00:00Z'];
  const parameterList = Array.from({ length: n }, (_, i) => ({
    name: `Device.WiFi.AccessPoint.${1 + (i % 64)}.AssociatedDevice.${i}.${['MACAddress', 'SignalStrength', 'Active', 'LastDataDownlinkRate'][i % 4]}`,
    value: values[i % 4],
    type: types[i % 4],
  }));
  return { label: `GetParameterValuesResponse, ${n.toLocaleString('en')} params`, messages: [{ rpc: { name: 'GetParameterValuesResponse', parameterList }, header: { id: '1234' } }], pairs: 5, sliceMs: 400 };
}

/** What the ACS sends in a typical session: InformResponse, then a GetParameterValues request. */
function typicalAcs(): Case {
  return {
    label: 'InformResponse + GetParameterValues (2 msgs)',
    messages: [
      { rpc: { name: 'InformResponse', maxEnvelopes: 1 }, header: { id: '5001' } },
      {
        rpc: {
          name: 'GetParameterValues',
          parameterNames: ['Device.DeviceInfo.', 'Device.ManagementServer.', 'Device.WiFi.SSID.1.SSID', 'Device.WiFi.Radio.', 'Device.IP.Interface.1.IPv4Address.'],
        },
        header: { id: 'acs-1' },
      },
    ],
    pairs: 15,
    sliceMs: 100,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `fn` for at least `ms` (and at least once); returns runs per second. */
function runsPerSecond(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  do {
    fn();
    n++;
    now = performance.now();
  } while (now - start < ms);
  return (n * 1000) / (now - start);
}

function measure(c: Case): BenchLine[] {
  const viaXmlbuilder2 = (): number => c.messages.reduce((n, m) => n + buildCwmp(m).length, 0);
  const viaWriter = (): number => c.messages.reduce((n, m) => n + writerBuild(m.rpc, m.header).length, 0);
  for (const m of c.messages) {
    if (buildCwmp(m) !== writerBuild(m.rpc, m.header)) throw new Error(`${c.label}: xmlbuilder2 and the writer disagree`);
  }
  const bytes = new TextEncoder().encode(c.messages.map((m) => buildCwmp(m)).join('')).length;
  runsPerSecond(viaXmlbuilder2, c.sliceMs);
  runsPerSecond(viaWriter, c.sliceMs);
  const xb: number[] = [];
  const wr: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < c.pairs; i++) {
    const a = runsPerSecond(viaXmlbuilder2, c.sliceMs);
    const b = runsPerSecond(viaWriter, c.sliceMs);
    xb.push(a);
    wr.push(b);
    ratios.push(a / b);
  }
  const perMsg = c.messages.length;
  const ratio = median(ratios);
  const note = `${(bytes / 1024).toFixed(0)} KiB per run; xmlbuilder2 takes ${(1 / ratio).toFixed(1)}× the writer's time (${c.pairs} interleaved pairs)`;
  return [
    { name: `encode ${c.label}`, value: median(xb) * perMsg, unit: 'msg/s', baseline: median(wr) * perMsg, ratio, note },
    { name: `encode ${c.label}`, value: (median(xb) * bytes) / 1e6, unit: 'MB/s', baseline: (median(wr) * bytes) / 1e6, ratio },
  ];
}

export async function run(): Promise<BenchLine[]> {
  return [...measure(gpvResponse(10_000)), ...measure(typicalAcs())];
}

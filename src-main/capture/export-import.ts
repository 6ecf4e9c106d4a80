import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../src-shared/errors/domain-error';
import type { CaptureExportFormat } from '../../src-shared/api/captures';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { exchangesToHar, harToExchanges } from '../../src-shared/capture/har';
import { exchangesToNumberedXml, numberedXmlToExchanges, type NumberedFile } from '../../src-shared/capture/numbered-xml';
import { reconstructSessions } from '../../src-shared/capture/sessions';
import { sessionsTranscript } from '../../src-shared/capture/transcript';
import { parseCapture } from '../../src-shared/capture/format';
import { propagateDeviceIds } from '../../src-shared/capture/devices';
import { detectCaptureFormat, CAPTURE_FILE_FORMATS, type CaptureFileFormat } from '../../src-shared/capture/detect';
import { exchangesToPcapng, importPacketCapture } from '../../src-shared/capture/pcap/index';
import { summarizeText, undoContentEncoding } from '../runtime/decode-body';

export interface ExportOutput {
  content?: string;
  /** Binary exports (pcapng). */
  bytes?: Uint8Array;
  files?: NumberedFile[];
}

/** The exchanges of one session and/or a selection; all when neither is given. */
export function selectExchanges(exchanges: Exchange[], o: { sessionId?: string; exchangeIds?: string[] }): Exchange[] {
  let out = exchanges;
  if (o.sessionId) {
    const sessions = reconstructSessions(exchanges);
    const session = sessions.find((s) => s.id === o.sessionId);
    if (!session) throw new NotFoundError(`no session ${o.sessionId} in this capture`);
    const ids = new Set(session.exchangeIds);
    out = out.filter((x) => ids.has(x.id));
  }
  if (o.exchangeIds) {
    const ids = new Set(o.exchangeIds);
    out = out.filter((x) => ids.has(x.id));
  }
  return out;
}

/** Builds an export in memory. */
export function buildExport(
  all: Exchange[],
  format: CaptureExportFormat,
  o: { sessionId?: string; bodies?: boolean; exchangeIds?: string[] } = {},
): ExportOutput {
  // xml-folder always needs its one session (below); the others take a session or selection when given.
  const exchanges = format === 'xml-folder' ? selectExchanges(all, { exchangeIds: o.exchangeIds }) : selectExchanges(all, o);
  switch (format) {
    case 'pcapng':
      return { bytes: exchangesToPcapng(exchanges, { application: 'cwmp-workbench' }) };
    case 'har':
      return { content: `${JSON.stringify(exchangesToHar(exchanges), null, 2)}\n` };
    case 'transcript':
      return { content: `${sessionsTranscript(reconstructSessions(exchanges, { now: Date.now() }), exchanges, { bodies: o.bodies })}\n` };
    case 'xml-folder': {
      const sessions = reconstructSessions(exchanges);
      if (!o.sessionId) {
        throw new InvalidRequestError(`xml-folder exports one CWMP session: give sessionId (${sessions.length} in this capture${sessions[0] ? `, e.g. ${sessions[0].id}` : ''})`);
      }
      const session = sessions.find((s) => s.id === o.sessionId);
      if (!session) throw new NotFoundError(`no session ${o.sessionId} in this capture`);
      const ids = new Set(session.exchangeIds);
      return { files: exchangesToNumberedXml(exchanges.filter((x) => ids.has(x.id))) };
    }
    default: {
      const never: never = format;
      throw new InvalidRequestError(`unknown export format ${String(never)}`);
    }
  }
}

/** Writes an export to a file (HAR, transcript) or a folder (numbered XML, created if missing). */
export async function writeExport(out: ExportOutput, destination: string): Promise<void> {
  if (out.files) {
    await mkdir(destination, { recursive: true });
    const existing = await readdir(destination);
    if (existing.some((n) => /^\d+-(cpe|acs)/i.test(n))) {
      throw new ConflictError(`${destination} already holds numbered XML files; choose an empty folder`);
    }
    for (const f of out.files) await writeFile(join(destination, f.name), f.content);
    return;
  }
  await writeFile(destination, out.bytes ?? out.content ?? '');
}

export type ImportFormat = 'har' | 'xml-folder' | CaptureFileFormat;

/** One thing an import could not take whole; `line` for the NDJSON capture format. */
export interface ImportWarning {
  line?: number;
  message: string;
}

/** A capture file imported, whatever its format. */
export interface ImportedCapture {
  format: CaptureFileFormat;
  exchanges: Exchange[];
  warnings: ImportWarning[];
}

/** Warnings as the API returns them (`line 4: …` for NDJSON lines). */
export function warningText(w: ImportWarning): string {
  return w.line !== undefined ? `line ${w.line}: ${w.message}` : w.message;
}

/**
 * THE import entry point: a capture file's bytes → exchanges, whatever the format (the workbench's
 * NDJSON capture, HAR, pcap, pcapng), detected from the content unless `format` is given. What is cut
 * short or unreadable comes back as warnings; bytes in no known format throw an `InvalidRequestError`.
 */
export function importCaptureBytes(bytes: Uint8Array, format?: CaptureFileFormat): ImportedCapture {
  const kind = format ?? detectCaptureFormat(bytes);
  if (kind === null) throw new InvalidRequestError(`not a capture file: the content is none of ${CAPTURE_FILE_FORMATS}`);
  if (kind === 'pcap' || kind === 'pcapng') {
    let r;
    try {
      r = importPacketCapture(bytes, {
        summarize: summarizeText,
        undoContentEncoding: (b, coding) => undoContentEncoding(Buffer.from(b.buffer, b.byteOffset, b.byteLength), coding),
      });
    } catch (err) {
      throw new InvalidRequestError((err as Error).message);
    }
    return { format: r.format, exchanges: r.exchanges, warnings: r.warnings.map((message) => ({ message })) };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (kind === 'har') {
    try {
      const exchanges = harToExchanges(text, summarizeText);
      propagateDeviceIds(exchanges);
      return { format: 'har', exchanges, warnings: [] };
    } catch (err) {
      throw new InvalidRequestError((err as Error).message);
    }
  }
  const parsed = parseCapture(text);
  if (parsed.exchanges.length === 0 && !parsed.header) throw new InvalidRequestError(`not a capture file: the content is none of ${CAPTURE_FILE_FORMATS}`);
  return { format: 'capture', exchanges: parsed.exchanges, warnings: parsed.warnings };
}

/** Reads a HAR file, a numbered-XML folder or a capture file into exchanges, detecting the kind when not given. */
export async function readImport(path: string, format?: ImportFormat): Promise<{ exchanges: Exchange[]; warnings: string[] }> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new NotFoundError(`nothing at ${path}`);
  }
  const kind = format ?? (st.isDirectory() ? 'xml-folder' : undefined);
  if (kind === 'xml-folder') {
    if (!st.isDirectory()) throw new InvalidRequestError(`${path} is not a folder`);
    const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.xml'));
    const files: NumberedFile[] = [];
    for (const n of names) files.push({ name: n, content: await readFile(join(path, n), 'utf8') });
    const st0 = st.mtimeMs;
    const r = numberedXmlToExchanges(files, summarizeText, { startedAt: Math.floor(st0), folder: basename(path) });
    if (r.exchanges.length === 0) throw new InvalidRequestError(`no numbered XML files (001-cpe-Inform.xml, …) in ${path}`);
    return { exchanges: r.exchanges, warnings: r.skipped.map((n) => `skipped ${n}: not named <number>-<cpe|acs>[-<rpc>].xml`) };
  }
  const r = importCaptureBytes(await readFile(path), kind);
  return { exchanges: r.exchanges, warnings: r.warnings.map(warningText) };
}

/** Imports text (HAR or a capture file) or bytes given as content, detected unless given. */
export function importText(text: string | Uint8Array, format?: ImportFormat): { exchanges: Exchange[]; warnings: string[] } {
  if (format === 'xml-folder') throw new InvalidRequestError('a numbered-XML folder is imported by path');
  const r = importCaptureBytes(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, format);
  return { exchanges: r.exchanges, warnings: r.warnings.map(warningText) };
}

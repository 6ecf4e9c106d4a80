/**
 * One CWMP session as numbered XML files (`001-cpe-Inform.xml`, `002-acs-InformResponse.xml`, …), the
 * form interop testers mail around. Empty bodies are kept as empty files so the turn-taking survives a
 * round trip.
 */
import type { Exchange } from '../traffic/exchange';
import { bodyText, textBody } from './bytes';
import type { SummarizeBody } from './har';

export interface NumberedFile {
  name: string;
  content: string;
}

const NAME = /^(\d+)[-_ .]+(cpe|acs)(?:[-_ .]+([A-Za-z0-9_:.-]*?))?\.xml$/i;

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}

/** The files for the exchanges of one session (in the order given); 401 challenges and redirects are left out. */
export function exchangesToNumberedXml(exchanges: Exchange[]): NumberedFile[] {
  const files: NumberedFile[] = [];
  const push = (from: 'cpe' | 'acs', rpc: string | null | undefined, content: string): void => {
    const n = String(files.length + 1).padStart(3, '0');
    files.push({ name: `${n}-${from}-${safe(rpc ?? 'empty') || 'empty'}.xml`, content });
  };
  for (const x of exchanges) {
    if (!x.request) continue;
    // An authentication challenge or a redirect carries no CWMP: the retry that follows does.
    const status = x.response?.status ?? 0;
    if (status === 401 || status === 407 || (status >= 300 && status < 400)) continue;
    push('cpe', x.request.body.size > 0 ? (x.cwmpRequest?.rpc ?? 'unknown') : null, bodyText(x.request.body));
    if (x.response) {
      push('acs', x.response.body.size > 0 ? (x.cwmpResponse?.rpc ?? 'unknown') : null, bodyText(x.response.body));
    }
  }
  return files;
}

/**
 * Files of a numbered-XML folder → exchanges: each CPE message with the ACS message after it makes one
 * exchange. Files whose names do not follow `<n>-<cpe|acs>[-<rpc>].xml` are ignored and listed in `skipped`.
 */
export function numberedXmlToExchanges(
  files: NumberedFile[],
  summarize: SummarizeBody,
  options: { source?: string; startedAt?: number; folder?: string } = {},
): { exchanges: Exchange[]; skipped: string[] } {
  const skipped: string[] = [];
  const parsed: Array<{ n: number; from: 'cpe' | 'acs'; content: string }> = [];
  for (const f of files) {
    const m = NAME.exec(f.name);
    if (!m) {
      skipped.push(f.name);
      continue;
    }
    parsed.push({ n: Number(m[1]), from: m[2].toLowerCase() as 'cpe' | 'acs', content: f.content });
  }
  parsed.sort((a, b) => a.n - b.n);
  const source = options.source ?? 'import';
  const t0 = options.startedAt ?? 0;
  const connection = { id: `xml-${options.folder ?? 'folder'}`, remoteAddress: '', remotePort: 0, localAddress: '', localPort: 0 };
  const sessionId = `xml-${options.folder ?? 'folder'}`;
  const exchanges: Exchange[] = [];
  let deviceId: string | undefined;
  let current: Exchange | undefined;
  for (const p of parsed) {
    const at = t0 + p.n;
    if (p.from === 'cpe' || !current || current.response) {
      current = {
        id: `xml-${exchanges.length + 1}`,
        kind: 'cwmp',
        source,
        startedAt: at,
        finishedAt: at,
        connection,
        sessionId,
        request: { method: 'POST', url: '/', httpVersion: '1.1', headers: [], body: { encoding: 'utf8', data: '', size: 0 } },
      };
      exchanges.push(current);
      if (p.from === 'acs') current.notes = ['no-cpe-message-in-folder'];
    }
    if (p.from === 'cpe') {
      current.request!.body = textBody(p.content);
      if (p.content.trim() !== '') {
        const d = summarize(p.content, 'text/xml');
        current.cwmpRequest = d.summary;
        deviceId ??= d.deviceId;
      }
    } else {
      current.response = { status: p.content === '' ? 204 : 200, statusText: p.content === '' ? 'No Content' : 'OK', headers: [], body: textBody(p.content) };
      current.finishedAt = at;
      if (p.content.trim() !== '') current.cwmpResponse = summarize(p.content, 'text/xml').summary;
    }
  }
  if (deviceId) for (const x of exchanges) x.deviceId = deviceId;
  return { exchanges, skipped };
}

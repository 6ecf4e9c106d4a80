/**
 * Carrying out a Download (GET the file) or an Upload (PUT the device's configuration or log) as a CPE
 * does, answering Basic/Digest challenges from the file server; failures map to the TR-069 fault codes
 * the TransferComplete then reports.
 */
import type { FaultStruct } from '../../src-shared/cwmp/types';
import { pickChallenge } from '../runtime/http-auth';
import { ClientAuth } from './http-auth';
import { request, type HttpReply, type TlsOptions } from './session-http';
import type { Transfer } from './rpc';

export interface TransferOutcome {
  fault: FaultStruct;
  startTime: string;
  completeTime: string;
  /** Downloads: the bytes received. */
  bytes?: number;
}

const OK: FaultStruct = { faultCode: 0, faultString: '' };

async function withAuth(
  url: URL,
  method: string,
  body: Buffer | null,
  t: Transfer,
  tls: TlsOptions | undefined,
  timeoutMs: number,
): Promise<HttpReply> {
  const headers: Record<string, string> = body ? { 'Content-Type': contentType(t.fileType) } : {};
  let reply = await request(url, method, headers, body, { tls, timeoutMs });
  if (reply.status === 401 && (t.username || t.password)) {
    const challenge = pickChallenge(reply.headers['www-authenticate']);
    if (challenge) {
      const auth = new ClientAuth(challenge, { username: t.username, password: t.password });
      reply = await request(url, method, { ...headers, Authorization: auth.header(method, url.pathname + url.search) }, body, { tls, timeoutMs });
    }
  }
  return reply;
}

function contentType(fileType: string): string {
  return fileType.includes('Log') ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8';
}

/** Runs the transfer; never throws (a failure is a TransferComplete fault). */
export async function runTransfer(
  t: Transfer,
  upload: () => string,
  tls: TlsOptions | undefined,
  timeoutMs: number,
): Promise<TransferOutcome> {
  const startTime = new Date().toISOString();
  const done = (fault: FaultStruct, bytes?: number): TransferOutcome => ({
    fault,
    startTime,
    completeTime: new Date().toISOString(),
    ...(bytes !== undefined ? { bytes } : {}),
  });
  const isUpload = t.method === 'Upload';
  let url: URL;
  try {
    url = new URL(t.url);
  } catch {
    return done({ faultCode: 9003, faultString: `bad URL ${t.url}` });
  }
  let reply: HttpReply;
  try {
    reply = isUpload
      ? await withAuth(url, 'PUT', Buffer.from(upload(), 'utf8'), t, tls, timeoutMs)
      : await withAuth(url, 'GET', null, t, tls, timeoutMs);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return done(isUpload ? { faultCode: 9011, faultString: `Upload failure: ${why}` } : { faultCode: 9015, faultString: `Download failure: unable to contact file server: ${why}` });
  }
  if (reply.status === 401 || reply.status === 403) {
    return done({ faultCode: 9012, faultString: `File transfer server authentication failure (HTTP ${reply.status})` });
  }
  if (reply.status < 200 || reply.status > 299) {
    return done(
      isUpload
        ? { faultCode: 9011, faultString: `Upload failure: HTTP ${reply.status}` }
        : { faultCode: 9016, faultString: `Download failure: unable to access file (HTTP ${reply.status})` },
    );
  }
  // A file of another size than the Download announced is damaged (truncated, say): not applied.
  if (!isUpload && t.fileSize > 0 && reply.body.length !== t.fileSize) {
    return done({ faultCode: 9018, faultString: `File corrupted: ${reply.body.length} bytes received, FileSize says ${t.fileSize}` });
  }
  return done(OK, isUpload ? undefined : reply.body.length);
}

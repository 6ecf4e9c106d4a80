/**
 * The Download/Upload dialog's logic, apart from React: each field checked in the user's words and the
 * RPC a valid form queues. Limits are TR-069's (URL 1024, names and credentials 256, FileSize unsignedInt).
 */
import type { TaskRequest } from '../../../../src-shared/api/index';
import { checkUrl, checkWholeNumber, hasErrors, type FieldErrors } from '../../lib/form-checks';

export interface TransferForm {
  kind: 'download' | 'upload';
  fileType: string;
  url: string;
  fileSize: string;
  targetFileName: string;
  username: string;
  password: string;
}

const UNSIGNED_INT_MAX = 4294967295;

function atMost(text: string, n: number): string | undefined {
  return text.length > n ? `At most ${n} characters (this has ${text.length}).` : undefined;
}

export function checkTransferForm(f: TransferForm, commandKey: string): { ok: true; rpc: TaskRequest } | { ok: false; errors: FieldErrors<keyof TransferForm> } {
  const url = f.url.trim();
  const errors: FieldErrors<keyof TransferForm> = {
    url: checkUrl(url, ['http', 'https', 'ftp']) ?? atMost(url, 1024),
    fileSize: f.kind === 'download' ? checkWholeNumber(f.fileSize, 0, UNSIGNED_INT_MAX) : undefined,
    targetFileName: f.kind === 'download' ? atMost(f.targetFileName, 256) : undefined,
    username: atMost(f.username, 256),
    password: atMost(f.password, 256),
  };
  if (hasErrors(errors)) return { ok: false, errors };
  const { fileType, username, password } = f;
  const rpc: TaskRequest =
    f.kind === 'download'
      ? { name: 'Download', commandKey, fileType, url, username, password, fileSize: Number(f.fileSize.trim()), targetFileName: f.targetFileName, delaySeconds: 0, successURL: '', failureURL: '' }
      : { name: 'Upload', commandKey, fileType, url, username, password, delaySeconds: 0 };
  return { ok: true, rpc };
}

/**
 * Native save/open dialogs for the renderer (certificate, capture and HAR export/import, file store):
 * two dedicated channels, each behind the same sender check as the API, with validated input. The file
 * the user picked is written/read here; the page only ever sees the bytes and the chosen path.
 * Errors come back as `{ ok: false, error: { code, message } }`, never thrown across IPC.
 */
import { dialog, ipcMain, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import type { DispatchOutcome } from '../../src-shared/api/dispatch';
import type { ApiErrorCode } from '../../src-shared/api/errors';
import { writeFileAtomic } from '../util/atomic-file';
import { DESKTOP_OPEN_FILE_CHANNEL, DESKTOP_SAVE_FILE_CHANNEL } from './channels';
import { isTrustedSender, UNTRUSTED_SENDER, type IpcCaller } from './ipc-guard';

/** Largest file either way: certificates and captures are far smaller; this only stops runaway memory. */
export const MAX_DESKTOP_FILE_BYTES = 64 * 1024 * 1024;

/** Names whose content is a private key (or may hold one): written owner-only. */
const SECRET_NAME = /\.(key|p12|pfx)$/i;

const filterSchema = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z
    .array(z.string().regex(/^(\*|[A-Za-z0-9_+-]{1,16})$/, 'an extension without the dot, or *'))
    .min(1)
    .max(32),
});
const filtersSchema = z.array(filterSchema).max(16).optional();

const saveSchema = z.strictObject({
  suggestedName: z
    .string()
    .min(1)
    .max(255)
    .refine((s) => !/[/\\\0]/.test(s) && s !== '.' && s !== '..', 'a file name, not a path'),
  data: z.union([
    z.string().max(MAX_DESKTOP_FILE_BYTES),
    z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_DESKTOP_FILE_BYTES, 'larger than 64 MiB'),
  ]),
  filters: filtersSchema,
});

const openSchema = z.strictObject({
  filters: filtersSchema,
  maxBytes: z.number().int().positive().max(MAX_DESKTOP_FILE_BYTES).optional(),
});

export type SaveFileRequest = z.infer<typeof saveSchema>;
export type OpenFileRequest = z.infer<typeof openSchema>;
export interface SaveFileResult {
  saved: boolean;
  path?: string;
}
export interface OpenedFile {
  name: string;
  data: Uint8Array;
}

/** The two dialog calls used (Electron's `dialog` has them; tests pass a fake). */
export interface DialogPort {
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface DesktopFileOptions {
  /** The main window now (the dialogs' parent; its web contents is the only trusted sender). */
  window: () => BrowserWindow | null | undefined;
  rendererUrl: string;
  dialogs?: DialogPort;
}

function failure(code: ApiErrorCode, message: string): DispatchOutcome {
  return { ok: false, error: { code, message } };
}

function badRequest(what: string, error: z.ZodError): DispatchOutcome {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return failure('bad-request', `${what}: ${issue?.message ?? 'invalid input'}${where}`);
}

function fsFailure(err: unknown): DispatchOutcome {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT') return failure('not-found', message);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return failure('unauthorized', message);
  return failure('internal', message);
}

/** Registers `desktop:save-file` and `desktop:open-file`. */
export function registerDesktopFileHandlers(options: DesktopFileOptions): void {
  const dialogs: DialogPort = options.dialogs ?? dialog;

  /** The parent window if the call is from it, else null (the caller gets UNTRUSTED_SENDER). */
  const trustedWindow = (event: IpcCaller): BrowserWindow | null => {
    const win = options.window();
    if (!win || win.isDestroyed()) return null;
    return isTrustedSender(event, win.webContents, options.rendererUrl) ? win : null;
  };

  ipcMain.handle(DESKTOP_SAVE_FILE_CHANNEL, async (event, input: unknown): Promise<DispatchOutcome> => {
    const win = trustedWindow(event);
    if (!win) return UNTRUSTED_SENDER;
    const parsed = saveSchema.safeParse(input);
    if (!parsed.success) return badRequest('desktop/save-file', parsed.error);
    const { suggestedName, data, filters } = parsed.data;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.byteLength > MAX_DESKTOP_FILE_BYTES) return failure('bad-request', 'desktop/save-file: larger than 64 MiB');
    try {
      const choice = await dialogs.showSaveDialog(win, {
        defaultPath: suggestedName,
        ...(filters ? { filters } : {}),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (choice.canceled || !choice.filePath) return { ok: true, result: { saved: false } satisfies SaveFileResult };
      const path = choice.filePath;
      // Judge by the name actually chosen: a key saved as "x.key" must not land world-readable.
      await writeFileAtomic(path, bytes, SECRET_NAME.test(path) || SECRET_NAME.test(suggestedName) ? 0o600 : 0o644);
      return { ok: true, result: { saved: true, path } satisfies SaveFileResult };
    } catch (err) {
      return fsFailure(err);
    }
  });

  ipcMain.handle(DESKTOP_OPEN_FILE_CHANNEL, async (event, input: unknown): Promise<DispatchOutcome> => {
    const win = trustedWindow(event);
    if (!win) return UNTRUSTED_SENDER;
    const parsed = openSchema.safeParse(input ?? {});
    if (!parsed.success) return badRequest('desktop/open-file', parsed.error);
    const { filters, maxBytes = MAX_DESKTOP_FILE_BYTES } = parsed.data;
    try {
      const choice = await dialogs.showOpenDialog(win, { ...(filters ? { filters } : {}), properties: ['openFile'] });
      const path = choice.filePaths[0];
      if (choice.canceled || !path) return { ok: true, result: null };
      const info = await stat(path);
      if (!info.isFile()) return failure('bad-request', `${basename(path)} is not a regular file`);
      if (info.size > maxBytes) return failure('bad-request', `${basename(path)} is ${info.size} bytes; the limit is ${maxBytes}`);
      const buf = await readFile(path);
      // A plain Uint8Array (not a Buffer view into a shared pool) crosses IPC as exactly the file's bytes.
      const data = new Uint8Array(buf.byteLength);
      data.set(buf);
      return { ok: true, result: { name: basename(path), data } satisfies OpenedFile };
    } catch (err) {
      return fsFailure(err);
    }
  });
}

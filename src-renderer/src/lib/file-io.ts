/**
 * Saving and opening files from the views, whichever shell the page runs in: the workbench's native
 * dialogs when the Electron preload offers them (`window.cwmpWorkbench.desktop`), otherwise a browser
 * download (Blob + `<a download>`) or an `<input type=file>`. Views call `saveFile` / `openFile` only.
 */

/** A dialog filter: extensions without the dot (`'pem'`), or `'*'` for any file. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveFileRequest {
  suggestedName: string;
  data: string | Uint8Array;
  filters?: FileFilter[];
  /** Media type of the browser download (ignored by the native dialog). */
  mediaType?: string;
}

export interface SaveFileResult {
  /** False only when the user cancelled a native dialog (a browser download cannot tell). */
  saved: boolean;
  /** Where the native dialog wrote the file. */
  path?: string;
  via: 'desktop' | 'download';
}

export interface OpenFileRequest {
  filters?: FileFilter[];
  /** Refuse larger files (default and ceiling: 64 MiB, as main enforces). */
  maxBytes?: number;
}

export interface OpenedFile {
  name: string;
  data: Uint8Array;
}

/** Largest file either way (main refuses more). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/** What the preload exposes as `window.cwmpWorkbench.desktop` (answers are dispatch-style outcomes). */
export interface DesktopBridge {
  saveFile(request: { suggestedName: string; data: string | Uint8Array; filters?: FileFilter[] }): Promise<Outcome>;
  openFile(request: { filters?: FileFilter[]; maxBytes?: number }): Promise<Outcome>;
}

/** The desktop bridge on `win` if the page has one with both functions, else null (browser / headless). */
export function desktopBridge(win: unknown): DesktopBridge | null {
  const host = (win as { cwmpWorkbench?: unknown } | null | undefined)?.cwmpWorkbench;
  const desktop = (host as { desktop?: unknown } | null | undefined)?.desktop as Partial<DesktopBridge> | null | undefined;
  if (!desktop || typeof desktop.saveFile !== 'function' || typeof desktop.openFile !== 'function') return null;
  return desktop as DesktopBridge;
}

/** The `accept` attribute of a file input for these filters ('' = anything, also when a filter has `*`). */
export function acceptAttribute(filters: readonly FileFilter[] | undefined): string {
  if (!filters?.length) return '';
  const exts = new Set<string>();
  for (const f of filters) {
    for (const e of f.extensions) {
      if (e === '*') return '';
      exts.add(`.${e.replace(/^\.+/, '').toLowerCase()}`);
    }
  }
  return [...exts].join(',');
}

/** What the browser fallback needs from the page (injected so the choice logic is testable without a DOM). */
export interface FileIoEnv {
  bridge: DesktopBridge | null;
  download(name: string, blob: Blob): void;
  /** Shows a file chooser; resolves null on cancel. Must start synchronously (user activation). */
  pickFile(accept: string): Promise<File | null>;
}

function browserDownload(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function browserPickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    if (accept) input.accept = accept;
    input.style.display = 'none';
    const done = (file: File | null): void => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
    // Chromium and Firefox fire `cancel` when the chooser is dismissed.
    input.addEventListener('cancel', () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** The page's own environment. */
export function pageEnv(): FileIoEnv {
  return { bridge: desktopBridge(typeof window === 'undefined' ? undefined : window), download: browserDownload, pickFile: browserPickFile };
}

function unwrap(outcome: Outcome, what: string): unknown {
  if (!outcome || typeof outcome !== 'object') throw new Error(`${what}: no answer from the shell`);
  if (!outcome.ok) throw new Error(`${what}: ${outcome.error.message}`);
  return outcome.result;
}

/** Saves `data` as a file: the native save dialog in Electron, a download in the browser. */
export async function saveFile(request: SaveFileRequest, env: FileIoEnv = pageEnv()): Promise<SaveFileResult> {
  const { suggestedName, data, filters, mediaType } = request;
  if (env.bridge) {
    const result = unwrap(await env.bridge.saveFile({ suggestedName, data, ...(filters?.length ? { filters } : {}) }), 'Save') as {
      saved: boolean;
      path?: string;
    };
    return { saved: result.saved === true, ...(typeof result.path === 'string' ? { path: result.path } : {}), via: 'desktop' };
  }
  const type = mediaType ?? (typeof data === 'string' ? 'text/plain' : 'application/octet-stream');
  // Copy into a plain ArrayBuffer-backed view: Blob takes no SharedArrayBuffer views.
  env.download(suggestedName, new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }));
  return { saved: true, via: 'download' };
}

/** Lets the user pick one file and returns its name and bytes; null if they cancelled. */
export async function openFile(request: OpenFileRequest = {}, env: FileIoEnv = pageEnv()): Promise<OpenedFile | null> {
  const picked = await pick(request, env, true);
  if (!picked) return null;
  return 'data' in picked ? picked : { name: picked.name, data: new Uint8Array(await picked.file.arrayBuffer()) };
}

/**
 * Like `openFile` but as a Blob, for large uploads sent in chunks: in the browser the picked File itself
 * (never read whole here, no size cap unless `maxBytes` is given); from the native dialog, the bytes main
 * read (64 MiB at most).
 */
export async function openFileBlob(request: OpenFileRequest = {}, env: FileIoEnv = pageEnv()): Promise<{ name: string; blob: Blob } | null> {
  const picked = await pick(request, env, request.maxBytes !== undefined);
  if (!picked) return null;
  return { name: picked.name, blob: 'data' in picked ? new Blob([new Uint8Array(picked.data)]) : picked.file };
}

type Picked = OpenedFile | { name: string; file: Blob };

async function pick(request: OpenFileRequest, env: FileIoEnv, capBrowser: boolean): Promise<Picked | null> {
  const maxBytes = Math.min(request.maxBytes ?? MAX_FILE_BYTES, MAX_FILE_BYTES);
  const filters = request.filters?.length ? request.filters : undefined;
  if (env.bridge) {
    const result = unwrap(await env.bridge.openFile({ ...(filters ? { filters } : {}), maxBytes }), 'Open') as OpenedFile | null;
    if (!result) return null;
    return { name: String(result.name), data: result.data instanceof Uint8Array ? result.data : new Uint8Array(result.data) };
  }
  // The browser picker: no await before it, so the click still counts as the user's gesture.
  const file = await env.pickFile(acceptAttribute(filters));
  if (!file) return null;
  if (capBrowser && file.size > maxBytes) throw new Error(`Open: ${file.name} is ${file.size} bytes; the limit is ${maxBytes}`);
  return { name: file.name, file };
}

/** The bytes as UTF-8 text (imports of PEM, HAR and the like). */
export function bytesToText(data: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(data);
}

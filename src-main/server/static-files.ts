import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

type Found = { path: string; size: number; mtime: Date } | undefined;

/** A regular file inside `root` (after resolving symlinks), or nothing. */
async function findFile(root: string, rel: string): Promise<Found> {
  const candidate = resolve(root, '.' + sep + rel);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    const info = await stat(real);
    if (!info.isFile()) return undefined;
    return { path: real, size: info.size, mtime: info.mtime };
  } catch {
    return undefined;
  }
}

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CWMP Workbench</title></head>
<body><h1>CWMP Workbench</h1><p>The user interface has not been built yet. Run <code>npm run build</code> in the
project folder and reload. The API at <code>/api/</code> works regardless.</p></body></html>\n`;

/**
 * Serves the renderer build: real files with their content type, and `index.html` for any other path
 * without an extension (the single-page app routes itself). Returns after the response is sent.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rootDir: string,
  pathname: string,
  extraHeaders: Record<string, string | string[]>,
): Promise<void> {
  let root: string;
  try {
    root = await realpath(rootDir);
  } catch {
    send(res, 503, 'text/html; charset=utf-8', PLACEHOLDER, extraHeaders, req.method === 'HEAD');
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    send(res, 400, 'text/plain; charset=utf-8', 'Bad request: malformed path\n', extraHeaders, false);
    return;
  }
  if (rel.includes('\0')) {
    send(res, 400, 'text/plain; charset=utf-8', 'Bad request: malformed path\n', extraHeaders, false);
    return;
  }
  let file = rel === '/' ? undefined : await findFile(root, rel);
  if (!file) {
    // Missing assets are 404s; anything that looks like a route gets the app.
    if (rel !== '/' && extname(rel) !== '' && extname(rel) !== '.html') {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found\n', extraHeaders, req.method === 'HEAD');
      return;
    }
    file = await findFile(root, 'index.html');
    if (!file) {
      send(res, 503, 'text/html; charset=utf-8', PLACEHOLDER, extraHeaders, req.method === 'HEAD');
      return;
    }
  }
  const isHtml = file.path.endsWith('.html');
  // Vite's hashed assets never change under their name; the HTML (which names them) always may.
  const hashed = file.path.startsWith(join(root, 'assets') + sep);
  res.writeHead(200, {
    ...extraHeaders,
    'Content-Type': contentTypeOf(file.path),
    'Content-Length': String(file.size),
    'Cache-Control': isHtml ? 'no-store' : hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Last-Modified': file.mtime.toUTCString(),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file.path);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extraHeaders: Record<string, string | string[]>,
  head: boolean,
): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { ...extraHeaders, 'Content-Type': type, 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store' });
  res.end(head ? undefined : bytes);
}

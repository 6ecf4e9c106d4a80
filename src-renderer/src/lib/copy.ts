/** Copy-to-clipboard and the cURL rendering of a recorded request. */
import type { Exchange } from '../../../src-shared/traffic/exchange';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no focus, no permission): fall back to a hidden textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A cURL command that replays the request against the same listener. */
export function toCurl(x: Exchange): string {
  const req = x.request;
  if (!req) return '';
  const host = req.headers.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? `${x.connection.localAddress}:${x.connection.localPort}`;
  const scheme = x.connection.tls ? 'https' : 'http';
  const url = /^https?:\/\//.test(req.url) ? req.url : `${scheme}://${host}${req.url}`;
  const parts = [`curl -X ${req.method} ${shellQuote(url)}`];
  for (const [name, value] of req.headers) {
    const n = name.toLowerCase();
    if (n === 'host' || n === 'content-length' || n === 'connection') continue;
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (req.body.size > 0) {
    if (req.body.encoding === 'utf8') parts.push(`--data-binary ${shellQuote(req.body.data)}`);
    else parts.push(`--data-binary @body.bin  # body is binary (${req.body.size} bytes, base64 in the capture)`);
  }
  if (scheme === 'https') parts.push('-k');
  return parts.join(' \\\n  ');
}

import { chmodSync, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Appends TLS secrets in NSS key-log format (what `SSLKEYLOGFILE` produces) for Wireshark. */
export interface KeyLogWriter {
  readonly path: string;
  /** One line as the `keylog` event hands it (already newline-terminated). */
  write(line: Buffer): void;
  close(): Promise<void>;
}

/** The file is created owner-only (0600): anyone holding it can read the recorded traffic. */
export function createKeyLogWriter(path: string): KeyLogWriter {
  let stream: WriteStream | undefined;
  let failed = false;
  const open = (): WriteStream | undefined => {
    if (stream || failed) return stream;
    try {
      mkdirSync(dirname(path), { recursive: true });
      stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
      stream.on('error', () => {
        failed = true; // a full disk must not break TLS; the key log simply stops
      });
      try {
        chmodSync(path, 0o600);
      } catch {
        // created by the stream a moment later; its mode is already 0600
      }
    } catch {
      failed = true;
    }
    return stream;
  };
  return {
    path,
    write(line: Buffer): void {
      const s = open();
      if (!s) return;
      s.write(line.length && line[line.length - 1] === 0x0a ? line : Buffer.concat([line, Buffer.from('\n')]));
    },
    close(): Promise<void> {
      const s = stream;
      stream = undefined;
      if (!s) return Promise.resolve();
      return new Promise((resolve) => s.end(() => resolve()));
    },
  };
}

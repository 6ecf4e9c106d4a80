import { describe, expect, it } from 'vitest';
import { captureHeaderLine, exchangeLine, parseCapture } from '../../../src-shared/capture/format';
import { bodyBytes, bodyText, fromBase64, recordBody, toBase64, utf8Decode, utf8Encode } from '../../../src-shared/capture/bytes';
import { exchange } from './fixtures';
import { informResponse, informXml } from './cwmp-bodies';

describe('capture file format', () => {
  const a = exchange({ cpe: informXml(), acs: informResponse(), at: 1000 });
  const b = exchange({ cpe: '', at: 2000 });

  it('reads back what it writes', () => {
    const text = captureHeaderLine({ createdAt: 1 }) + exchangeLine(a) + exchangeLine(b);
    const p = parseCapture(text);
    expect(p.header?.format).toBe('cwmp-workbench-capture');
    expect(p.exchanges).toEqual([a, b]);
    expect(p.warnings).toEqual([]);
  });

  it('skips a torn last line with a warning, keeping everything before it', () => {
    const full = captureHeaderLine({ createdAt: 1 }) + exchangeLine(a) + exchangeLine(b);
    const torn = full.slice(0, full.length - 40);
    const p = parseCapture(torn);
    expect(p.exchanges).toEqual([a]);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0].line).toBe(3);
    expect(p.warnings[0].message).toMatch(/incomplete.*interrupted/);
  });

  it('skips a bad line in the middle and reports it; a later line with the same id wins', () => {
    const updated = { ...a, notes: ['second'] };
    const p = parseCapture(`${exchangeLine(a)}{oops\n{"hello":1}\n${exchangeLine(b)}${exchangeLine(updated)}`);
    expect(p.exchanges.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(p.exchanges[0].notes).toEqual(['second']);
    expect(p.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(p.warnings[0].message).toMatch(/not valid JSON/);
    expect(p.warnings[1].message).toMatch(/not an exchange/);
  });
});

describe('bytes', () => {
  it('round-trips base64 and UTF-8 like Node does', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 255, 1000]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 0xff);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(Buffer.from(fromBase64(toBase64(bytes))).equals(Buffer.from(bytes))).toBe(true);
    }
    const text = 'Grüße – 日本 🎉 <x/>';
    expect(Buffer.from(utf8Encode(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(utf8Decode(Buffer.from(text, 'utf8'))).toBe(text);
    expect(utf8Decode(Uint8Array.from([0xc3]))).toBeNull();
    expect(utf8Decode(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeNull();
    expect(() => fromBase64('ab$c')).toThrow(/invalid base64/);
  });

  it('records invalid UTF-8 as base64 and gives the same bytes back', () => {
    const raw = Uint8Array.from([0x3c, 0xff, 0x00, 0x3e]);
    const body = recordBody(raw);
    expect(body.encoding).toBe('base64');
    expect(Array.from(bodyBytes(body))).toEqual(Array.from(raw));
    expect(bodyText(body)).toBe('<\u00ff\u0000>');
    expect(recordBody(utf8Encode('é')).encoding).toBe('utf8');
  });
});

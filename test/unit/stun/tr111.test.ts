import { describe, expect, it } from 'vitest';
import { addressAttribute, ATTR, BINDING_REQUEST, checkIntegrity, CONNECTION_REQUEST_BINDING_VALUE, decodeStun, encodeStun, looksLikeStun, mappedAddress } from '../../../src-main/stun/stun-message';
import { buildUdpConnectionRequest, parseUdpConnectionRequest, udpCrSignature, UdpCrVerifier } from '../../../src-main/stun/udp-connection-request';

describe('STUN messages (RFC 5389 with the TR-111 attributes)', () => {
  it('round-trips a Binding Request with USERNAME, CONNECTION-REQUEST-BINDING and BINDING-CHANGE', () => {
    const tid = Buffer.from('00112233445566778899aabb', 'hex');
    const bytes = encodeStun({
      type: BINDING_REQUEST,
      transactionId: tid,
      attributes: [
        { type: ATTR.USERNAME, value: Buffer.from('cpe-1') }, // 5 bytes: padded to 8 on the wire
        { type: ATTR.CONNECTION_REQUEST_BINDING, value: Buffer.from(CONNECTION_REQUEST_BINDING_VALUE, 'latin1') },
        { type: ATTR.BINDING_CHANGE, value: Buffer.alloc(0) },
      ],
    });
    expect(bytes.readUInt32BE(4)).toBe(0x2112a442);
    expect(bytes.length).toBe(20 + (4 + 8) + (4 + 20) + 4);
    expect(looksLikeStun(bytes)).toBe(true);
    const back = decodeStun(bytes);
    expect(back.cookie).toBe(true);
    expect(back.transactionId.equals(tid)).toBe(true);
    expect(back.attributes.map((a) => [a.type, a.value.toString('latin1')])).toEqual([
      [ATTR.USERNAME, 'cpe-1'],
      [ATTR.CONNECTION_REQUEST_BINDING, 'dslforum.org/TR-111 '],
      [ATTR.BINDING_CHANGE, ''],
    ]);
    expect(() => decodeStun(bytes.subarray(0, bytes.length - 4))).toThrow();
    expect(looksLikeStun(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBe(false);
  });

  it('reads MAPPED-ADDRESS and XOR-MAPPED-ADDRESS (RFC 5769 2.2: 192.0.2.1 port 32853)', () => {
    const xor = addressAttribute('192.0.2.1', 32853, true);
    // The XOR'd bytes of RFC 5769's sample IPv4 response.
    expect(xor.value.toString('hex')).toBe('0001a147e112a643');
    const msg = (attrs: ReturnType<typeof addressAttribute>[]) => decodeStun(encodeStun({ type: 0x0101, transactionId: Buffer.alloc(12, 7), attributes: attrs }));
    expect(mappedAddress(msg([xor]))).toEqual({ address: '192.0.2.1', port: 32853 });
    expect(mappedAddress(msg([addressAttribute('10.1.2.3', 7547, false)]))).toEqual({ address: '10.1.2.3', port: 7547 });
  });
});

describe('STUN MESSAGE-INTEGRITY', () => {
  it('checks the RFC 5769 2.1 sample request (short-term credential) and what encodeStun signs', () => {
    // RFC 5769 section 2.1, byte for byte: USERNAME "evtj:h6vY", password "VOkJxbRl1RmTxUk/WvJxBt", FINGERPRINT after the integrity.
    const sample = Buffer.from(
      '000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74' +
        '002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020' +
        '000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf',
      'hex',
    );
    const m = decodeStun(sample);
    expect(m.attributes.find((a) => a.type === ATTR.USERNAME)?.value.toString()).toBe('evtj:h6vY');
    expect(checkIntegrity(sample, m, 'VOkJxbRl1RmTxUk/WvJxBt')).toBe('ok');
    expect(checkIntegrity(sample, m, 'wrong')).toBe('bad');
    const signed = encodeStun({ type: BINDING_REQUEST, transactionId: Buffer.alloc(12, 1), attributes: [{ type: ATTR.USERNAME, value: Buffer.from('cpe') }] }, 'stun-pw');
    expect(checkIntegrity(signed, decodeStun(signed), 'stun-pw')).toBe('ok');
    const unsigned = encodeStun({ type: BINDING_REQUEST, transactionId: Buffer.alloc(12, 1), attributes: [] });
    expect(checkIntegrity(unsigned, decodeStun(unsigned), 'stun-pw')).toBe('absent');
  });
});

describe('TR-111 UDP connection requests', () => {
  it('signs ts, id, un and cn with HMAC-SHA1 keyed by the ConnectionRequestPassword', () => {
    // Computed independently: echo -n "1120673700123cpeuserXTGRWIPC6D3IPXS3" | openssl dgst -sha1 -hmac s3cret
    expect(udpCrSignature({ ts: 1120673700, id: '123', un: 'cpeuser', cn: 'XTGRWIPC6D3IPXS3' }, 's3cret')).toBe('08551E5E67A4EE92BD8BBE51F7E1711C9E61050F');
  });

  it('builds an HTTP GET over UDP with the five fields, which reads back', () => {
    const { text, fields } = buildUdpConnectionRequest({ host: '192.0.2.7', port: 5060 }, { username: 'u s', password: 'p' }, 1_700_000_000_500, '42');
    expect(text).toMatch(/^GET http:\/\/192\.0\.2\.7:5060\?ts=1700000000&id=42&un=u\+s&cn=[0-9A-F]{20}&sig=[0-9A-F]{40} HTTP\/1\.1\r\nHost: 192\.0\.2\.7:5060\r\n\r\n$/);
    expect(parseUdpConnectionRequest(text)).toEqual({ ...fields, sig: udpCrSignature(fields, 'p') });
    expect(parseUdpConnectionRequest('GET http://x:1?ts=1&id=2 HTTP/1.1\r\n\r\n')).toBeNull();
    expect(parseUdpConnectionRequest('POST / HTTP/1.1\r\n\r\n')).toBeNull();
  });

  it('a CPE acts once on a good request, ignores its copies, replays, bad signatures and other usernames', () => {
    const creds = { username: 'cpe', password: 'pw' };
    const v = new UdpCrVerifier(() => creds);
    const at = (sec: number, id: string, c = creds) => buildUdpConnectionRequest({ host: '127.0.0.1', port: 1 }, c, sec * 1000, id).text;
    const first = at(1000, '1');
    expect(v.check(first)).toBe('accept');
    expect(v.check(first)).toBe('duplicate'); // the ACS's second copy
    expect(v.check(at(1000, '2'))).toBe('accept'); // a new request in the same second
    expect(v.check(at(999, '3'))).toBe('replayed'); // older than the last one acted on
    expect(v.check(at(1001, '4', { username: 'cpe', password: 'wrong' }))).toBe('bad-signature');
    expect(v.check(at(1001, '5', { username: 'other', password: 'pw' }))).toBe('bad-signature');
    expect(v.check(first.replace(/sig=[0-9A-F]{4}/, 'sig=0000'))).toBe('bad-signature');
    expect(v.check(Buffer.from('garbage'))).toBe('not-a-request');
    expect(v.check(at(1001, '6'))).toBe('accept');
    expect(v.check(first)).toBe('replayed'); // an old one sent again later
  });
});

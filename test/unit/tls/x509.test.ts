import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { generateKey, keyInfo, keysMatch, parsePrivateKey } from '../../../src-main/tls/keys';
import { buildCertificate, type CertificateSpec } from '../../../src-main/tls/x509-build';
import { inspectCertificate } from '../../../src-main/tls/x509-inspect';
import { parseCertificatesPem, parseCsr, readPkcs12, toPem, writePkcs12 } from '../../../src-main/tls/formats';
import { applyBadKind, profileUsages, validity } from '../../../src-main/tls/profiles';
import { describeTlsError } from '../../../src-main/tls/tls-errors';

// Keys once per file: RSA generation is the slow part.
const rsaCa = generateKey('rsa-2048');
const ecCa = generateKey('ec-p256');
const rsaLeaf = generateKey('rsa-2048');
const ecLeaf = generateKey('ec-p256');

function ca(key: ReturnType<typeof generateKey>, cn: string): Buffer {
  return buildCertificate({ subject: { commonName: cn, organization: 'Lab' }, publicKey: key.publicKey, selfKey: key.privateKey, ...validity(365), ca: {}, ...profileUsages('ca', key.privateKey) });
}

function leaf(caDer: Buffer, caKey: ReturnType<typeof generateKey>, key: ReturnType<typeof generateKey>, extra: Partial<CertificateSpec> = {}): Buffer {
  return buildCertificate({
    subject: { commonName: 'acs.lab' },
    publicKey: key.publicKey,
    issuer: { certDer: caDer, key: caKey.privateKey },
    ...validity(30),
    ...profileUsages('server', key.privateKey),
    dns: ['acs.lab', 'localhost'],
    ip: ['127.0.0.1', '::1'],
    ...extra,
  });
}

describe('certificate building', () => {
  it.each([
    ['RSA CA, EC leaf', rsaCa, ecLeaf, 'sha256WithRSAEncryption', 'EC P-256'],
    ['EC CA, RSA leaf', ecCa, rsaLeaf, 'ecdsa-with-SHA256', 'RSA 2048'],
    ['EC CA, EC leaf', ecCa, ecLeaf, 'ecdsa-with-SHA256', 'EC P-256'],
  ])('%s: verifies against its issuer and reads back every field', (_name, caKey, leafKey, sigAlg, keyDesc) => {
    const caDer = ca(caKey, 'Lab CA é');
    const der = leaf(caDer, caKey, leafKey);
    const x = new X509Certificate(der);
    const caX = new X509Certificate(caDer);
    expect(x.verify(caX.publicKey)).toBe(true);
    expect(x.checkIssued(caX)).toBe(true);
    const f = inspectCertificate(der);
    expect(f.subject).toBe('CN=acs.lab');
    expect(f.issuer).toBe('O=Lab, CN=Lab CA é');
    expect(f.dns).toEqual(['acs.lab', 'localhost']);
    expect(f.ip).toEqual(['127.0.0.1', '::1']);
    expect(f.signatureAlgorithm).toBe(sigAlg);
    expect(f.publicKey.description).toBe(keyDesc);
    expect(f.extendedKeyUsage).toEqual(['serverAuth']);
    expect(f.keyUsage).toContain('digitalSignature');
    expect(f.basicConstraints).toEqual({ ca: false });
    expect(f.isCa).toBe(false);
    expect(f.selfSigned).toBe(false);
    expect(f.version).toBe(3);
    expect(f.authorityKeyIdentifier).toBe(inspectCertificate(caDer).subjectKeyIdentifier);
    expect(f.fingerprint256).toBe(x.fingerprint256);
    const caFacts = inspectCertificate(caDer);
    expect(caFacts.isCa).toBe(true);
    expect(caFacts.selfSigned).toBe(true);
    expect(caFacts.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
  });

  it('serial numbers are positive and distinct', () => {
    const caDer = ca(ecCa, 'CA');
    const a = inspectCertificate(leaf(caDer, ecCa, ecLeaf)).serialNumber;
    const b = inspectCertificate(leaf(caDer, ecCa, ecLeaf)).serialNumber;
    expect(a).not.toBe(b);
    expect(parseInt(a.slice(0, 2), 16)).toBeLessThan(0x80);
  });

  it('bad kinds change what they say they change', () => {
    const caDer = ca(ecCa, 'CA');
    const base: CertificateSpec = { subject: { commonName: 'acs.lab' }, publicKey: ecLeaf.publicKey, issuer: { certDer: caDer, key: ecCa.privateKey }, ...validity(30), ...profileUsages('server', ecLeaf.privateKey), dns: ['acs.lab'] };
    const expired = inspectCertificate(buildCertificate(applyBadKind(base, 'expired', 'server')));
    expect(expired.notAfter.getTime()).toBeLessThan(Date.now());
    const early = inspectCertificate(buildCertificate(applyBadKind(base, 'not-yet-valid', 'server')));
    expect(early.notBefore.getTime()).toBeGreaterThan(Date.now());
    const wrongHost = inspectCertificate(buildCertificate(applyBadKind(base, 'wrong-host', 'server')));
    expect(wrongHost.dns).toEqual(['wrong-host.invalid']);
    expect(new X509Certificate(buildCertificate(applyBadKind(base, 'wrong-host', 'server'))).checkHost('acs.lab')).toBeUndefined();
    const wrongUsage = inspectCertificate(buildCertificate(applyBadKind(base, 'wrong-key-usage', 'server')));
    expect(wrongUsage.extendedKeyUsage).toEqual(['clientAuth']);
    expect(wrongUsage.keyUsage).not.toContain('digitalSignature');
  });

  it('refuses a non-IP in the IP SANs', () => {
    const caDer = ca(ecCa, 'CA');
    expect(() => leaf(caDer, ecCa, ecLeaf, { ip: ['not-an-ip'] })).toThrow(/Not an IP address/);
  });
});

describe('CSR', () => {
  it('reads a forge-made RSA CSR with its SANs and checks the signature', () => {
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.publicKeyFromPem(rsaLeaf.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    csr.setSubject([{ shortName: 'CN', value: 'cpe-0001' }, { shortName: 'O', value: 'Vendor' }]);
    csr.setAttributes([{ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'cpe.lab' }, { type: 7, ip: '10.0.0.1' }] }] }]);
    csr.sign(forge.pki.privateKeyFromPem(rsaLeaf.privateKeyPem), forge.md.sha256.create());
    const pem = forge.pki.certificationRequestToPem(csr);
    const parsed = parseCsr(pem);
    expect(parsed.subject).toBe('CN=cpe-0001, O=Vendor');
    expect(parsed.dns).toEqual(['cpe.lab']);
    expect(parsed.ip).toEqual(['10.0.0.1']);
    expect(keysMatch(rsaLeaf.privateKey, parsed.publicKey)).toBe(true);
    // A flipped byte in the signed part must be caught.
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[40] ^= 0x01;
    expect(() => parseCsr(toPem(der, 'CERTIFICATE REQUEST'))).toThrow(/CSR/);
  });

  it('rejects text that is no CSR', () => {
    expect(() => parseCsr('hello')).toThrow(/Malformed CSR/);
  });
});

describe('PEM, keys and PKCS#12', () => {
  it('malformed PEM gives a clear error', () => {
    expect(() => parseCertificatesPem('not pem at all')).toThrow(/Malformed PEM: no "-----BEGIN CERTIFICATE-----"/);
    expect(() => parseCertificatesPem('-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n')).toThrow(/not valid base64/);
    expect(() => parseCertificatesPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(/Malformed certificate 1 in the PEM/);
    expect(() => parseCertificatesPem(rsaLeaf.privateKeyPem)).toThrow(/holds a private key, not a certificate/);
  });

  it('keys: encrypted PEM needs the password; wrong one is reported', () => {
    const enc = ecLeaf.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();
    expect(() => parsePrivateKey(enc)).toThrow(/encrypted: a password is needed/);
    expect(() => parsePrivateKey(enc, 'wrong')).toThrow(/wrong password/);
    expect(keysMatch(parsePrivateKey(enc, 'secret'), ecLeaf.publicKey)).toBe(true);
    expect(keyInfo(rsaLeaf.privateKey)).toEqual({ type: 'rsa', bits: 2048 });
    expect(() => parsePrivateKey('-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----')).toThrow(/No private key found/);
  });

  it.each([
    ['RSA', rsaCa, rsaLeaf],
    ['EC', ecCa, ecLeaf],
  ])('PKCS#12 round trip (%s): chain and key come back; a wrong password is a clear error', (_n, caKey, leafKey) => {
    const caDer = ca(caKey, 'P12 CA');
    const der = leaf(caDer, caKey, leafKey);
    expect(() => writePkcs12(leafKey.privateKey, [der], 'wörd')).toThrow(/printable ASCII/);
    const p12 = writePkcs12(leafKey.privateKey, [der, caDer], 'pa55 word!', 'acs');
    const back = readPkcs12(p12, 'pa55 word!');
    // The friendlyName is the text itself (it was once written twice-encoded, which OpenSSL shows as empty).
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), 'pa55 word!');
    const certBag = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0];
    expect(certBag?.attributes.friendlyName).toEqual(['acs']);
    expect(back.certificates.map((c) => c.toString('hex'))).toEqual([der.toString('hex'), caDer.toString('hex')]);
    expect(back.key && keysMatch(back.key, leafKey.publicKey)).toBe(true);
    expect(() => readPkcs12(p12, 'nope')).toThrow('PKCS#12: wrong password (the integrity check failed)');
    expect(() => readPkcs12(Buffer.from('garbage'), 'x')).toThrow(/Malformed PKCS#12/);
  });

  it('reads a PKCS#12 that node-forge wrote (3DES, SHA-1 MAC)', () => {
    const caDer = ca(rsaCa, 'Forge CA');
    const forgeKey = forge.pki.privateKeyFromPem(rsaCa.privateKeyPem);
    const forgeCert = forge.pki.certificateFromPem(toPem(caDer, 'CERTIFICATE'));
    const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [forgeCert], 'pw', { algorithm: '3des' });
    const bytes = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    const back = readPkcs12(bytes, 'pw');
    expect(back.certificates[0].equals(caDer)).toBe(true);
    expect(back.key && keysMatch(back.key, rsaCa.publicKey)).toBe(true);
  });
});

describe('TLS errors in words', () => {
  const err = (code: string, extra: object = {}): Error => Object.assign(new Error(code), { code }, extra);
  it.each([
    ['ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', {}, /^no client certificate/],
    ['ECONNRESET', { authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, /client certificate rejected: unknown CA/],
    ['ECONNRESET', { authorizationError: 'CERT_HAS_EXPIRED' }, /client certificate rejected: certificate expired/],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', {}, /unknown CA/],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', {}, /certificate expired/],
    ['ERR_SSL_NO_SHARED_CIPHER', {}, /protocol or cipher mismatch/],
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', {}, /protocol or cipher mismatch/],
    ['CERT_HAS_EXPIRED', {}, /^certificate expired/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', {}, /self-signed/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', {}, /unknown CA/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', {}, /hostname mismatch/],
    ['ERR_SSL_HTTP_REQUEST', {}, /plain HTTP/],
  ])('%s', (code, extra, words) => {
    expect(describeTlsError(err(code, extra))).toMatch(words);
  });
});

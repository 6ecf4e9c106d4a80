import { describe, expect, it } from 'vitest';
import { checkList, checkUrl, checkWholeNumber, isDnsName, isIpAddress, withoutMethod } from '../../../src-renderer/src/lib/form-checks';
import { checkCaForm, checkIssueForm, fieldOfApiError, ISSUE_FIELDS, type IssueForm } from '../../../src-renderer/src/features/certificates/cert-form';
import { checkTransferForm, type TransferForm } from '../../../src-renderer/src/features/bench/transfer-form';
import { certsMethods } from '../../../src-shared/api/certs';

describe('form checks', () => {
  it('accepts whole numbers in range and says what is wrong otherwise', () => {
    expect(checkWholeNumber('825', 1, 36500)).toBeUndefined();
    expect(checkWholeNumber(' 7 ', 1, 36500)).toBeUndefined();
    expect(checkWholeNumber('abc', 1, 36500)).toBe('"abc" is not a number.');
    expect(checkWholeNumber('', 1, 36500)).toBe('Enter a number.');
    expect(checkWholeNumber('1.5', 1, 36500)).toBe('Enter a whole number.');
    expect(checkWholeNumber('0', 1, 36500)).toBe('Enter a number from 1 to 36,500.');
    expect(checkWholeNumber('1e3', 1, 36500)).toBe('"1e3" is not a number.');
  });

  it('knows IPv4, IPv6 and DNS names', () => {
    for (const ip of ['127.0.0.1', '::1', '2001:db8::1', 'fe80::1:2:3:4', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8']) expect(isIpAddress(ip), ip).toBe(true);
    for (const ip of ['abc', '256.1.1.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', 'acs.lab']) expect(isIpAddress(ip), ip).toBe(false);
    for (const d of ['acs.lab', 'localhost', '*.lab.example', 'a-b.c']) expect(isDnsName(d), d).toBe(true);
    for (const d of ['-a.lab', 'a..b', 'a b', 'é.lab']) expect(isDnsName(d), d).toBe(false);
    expect(checkList('127.0.0.1, 10.0.0.300 abc', isIpAddress, 'an IP address', 'IP addresses')).toBe('"10.0.0.300", "abc" are not IP addresses.');
  });

  it('checks URL schemes and strips the API method from messages', () => {
    expect(checkUrl('http://127.0.0.1:7547/f.bin', ['http', 'https'])).toBeUndefined();
    expect(checkUrl('file:///etc/passwd', ['http', 'https', 'ftp'])).toBe('The URL must start with http://, https:// or ftp://.');
    expect(checkUrl('not a url', ['http'])).toMatch(/^Not a URL/);
    expect(withoutMethod('certs/issue: not an IP address at ip.1')).toBe('not an IP address at ip.1');
  });
});

describe('certificate forms', () => {
  it('refuses "abc" days instead of creating a 3,650-day CA', () => {
    const r = checkCaForm({ cn: 'Lab CA', org: 'Lab', alg: 'ec-p256', days: 'abc' });
    expect(r).toEqual({ ok: false, errors: expect.objectContaining({ days: '"abc" is not a number.' }) });
  });

  it('sends exactly what was typed, and the contract accepts it', () => {
    const r = checkCaForm({ cn: ' Lab CA ', org: '', alg: 'rsa-2048', days: '30' });
    expect(r).toEqual({ ok: true, params: { subject: { commonName: 'Lab CA' }, keyAlgorithm: 'rsa-2048', validityDays: 30 } });
    if (r.ok) expect(certsMethods['certs/create-ca'].params.safeParse(r.params).success).toBe(true);
  });

  const issue: IssueForm = { issuerId: 'ca1', profile: 'server', cn: 'acs.lab', dns: 'acs.lab, localhost', ip: '127.0.0.1, ::1', alg: 'ec-p256', days: '825', bad: '' };

  it('names each bad field of an issue form', () => {
    const r = checkIssueForm({ ...issue, cn: '', ip: '127.0.0.1, 1.2.3', dns: 'acs.lab, -bad-', days: '99999' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.cn).toBe('Enter a common name.');
    expect(r.errors.ip).toBe('"1.2.3" is not an IP address.');
    expect(r.errors.dns).toBe('"-bad-" is not a DNS name.');
    expect(r.errors.days).toBe('Enter a number from 1 to 36,500.');
    expect(r.errors.issuerId).toBeUndefined();
  });

  it('a valid issue form passes the contract', () => {
    const r = checkIssueForm(issue);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.params).toMatchObject({ dns: ['acs.lab', 'localhost'], ip: ['127.0.0.1', '::1'], validityDays: 825 });
      expect(certsMethods['certs/issue'].params.safeParse(r.params).success).toBe(true);
    }
  });

  it('places a server complaint beside its field, in words', () => {
    expect(fieldOfApiError('certs/issue: not an IP address at ip.1', ISSUE_FIELDS)).toEqual({ field: 'ip', text: 'Entry 2: not an IP address.' });
    expect(fieldOfApiError('certs/issue: issuer has no private key', ISSUE_FIELDS)).toEqual({ text: 'issuer has no private key' });
  });
});

describe('transfer form', () => {
  const form: TransferForm = { kind: 'download', fileType: '1 Firmware Upgrade Image', url: 'http://127.0.0.1:1/f.bin', fileSize: '12', targetFileName: '', username: '', password: '' };

  it('queues a Download with the typed size', () => {
    expect(checkTransferForm(form, 'k')).toEqual({ ok: true, rpc: expect.objectContaining({ name: 'Download', fileSize: 12, url: form.url, commandKey: 'k' }) });
  });

  it('refuses a bad size or URL beside the field', () => {
    const r = checkTransferForm({ ...form, fileSize: 'big', url: 'ftp:/' }, 'k');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.fileSize).toBe('"big" is not a number.');
      expect(r.errors.url).toBeTruthy();
    }
  });

  it('ignores the download-only fields of an upload', () => {
    const r = checkTransferForm({ ...form, kind: 'upload', fileSize: 'x' }, 'k');
    expect(r).toMatchObject({ ok: true, rpc: { name: 'Upload' } });
  });
});

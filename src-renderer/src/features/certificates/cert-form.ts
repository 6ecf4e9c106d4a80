/**
 * The certificate dialogs' logic, apart from React: each field checked in the user's words, and the
 * parameters a valid form sends. Limits are the contract's (src-shared/api/certs).
 */
import type { BadCertKind, CertKeyAlgorithm } from '../../../../src-shared/api/certs';
import type { Params } from '../../../../src-shared/api/index';
import { checkList, checkWholeNumber, hasErrors, isDnsName, isIpAddress, splitList, withoutMethod, type FieldErrors } from '../../lib/form-checks';

export const MAX_VALIDITY_DAYS = 36500;
const MAX_NAME = 64;

export interface CaForm {
  cn: string;
  org: string;
  alg: CertKeyAlgorithm;
  days: string;
}

export interface IssueForm {
  issuerId: string;
  profile: 'server' | 'client';
  cn: string;
  dns: string;
  ip: string;
  alg: CertKeyAlgorithm;
  days: string;
  bad: BadCertKind | '';
}

export type Checked<P, K extends string> = { ok: true; params: P } | { ok: false; errors: FieldErrors<K> };

function commonName(text: string): string | undefined {
  const t = text.trim();
  if (!t) return 'Enter a common name.';
  if (t.length > MAX_NAME) return `At most ${MAX_NAME} characters (this has ${t.length}).`;
  return undefined;
}

export function checkCaForm(f: CaForm): Checked<Params<'certs/create-ca'>, keyof CaForm> {
  const errors: FieldErrors<keyof CaForm> = {
    cn: commonName(f.cn),
    org: f.org.trim().length > MAX_NAME ? `At most ${MAX_NAME} characters.` : undefined,
    days: checkWholeNumber(f.days, 1, MAX_VALIDITY_DAYS),
  };
  if (hasErrors(errors)) return { ok: false, errors };
  const org = f.org.trim();
  return {
    ok: true,
    params: { subject: { commonName: f.cn.trim(), ...(org ? { organization: org } : {}) }, keyAlgorithm: f.alg, validityDays: Number(f.days.trim()) },
  };
}

export function checkIssueForm(f: IssueForm): Checked<Params<'certs/issue'>, keyof IssueForm> {
  const errors: FieldErrors<keyof IssueForm> = {
    issuerId: f.issuerId ? undefined : 'Choose the CA that signs it.',
    cn: commonName(f.cn),
    dns: checkList(f.dns, isDnsName, 'a DNS name', 'DNS names'),
    ip: checkList(f.ip, isIpAddress, 'an IP address', 'IP addresses'),
    days: checkWholeNumber(f.days, 1, MAX_VALIDITY_DAYS),
  };
  if (hasErrors(errors)) return { ok: false, errors };
  return {
    ok: true,
    params: {
      issuerId: f.issuerId,
      profile: f.profile,
      subject: { commonName: f.cn.trim() },
      dns: splitList(f.dns),
      ip: splitList(f.ip),
      keyAlgorithm: f.alg,
      validityDays: Number(f.days.trim()),
      ...(f.bad ? { bad: f.bad } : {}),
    },
  };
}

/** Which form field an API complaint is about ("… at ip.1", "… at validityDays"), and the complaint in words. */
export function fieldOfApiError<K extends string>(message: string, fields: Partial<Record<string, K>>): { field?: K; text: string } {
  const text = withoutMethod(message);
  const m = /^(.*?) at ([A-Za-z]+)(?:\.(\d+))?(?:\.[A-Za-z]+)?$/.exec(text);
  if (!m) return { text };
  const field = fields[m[2]];
  const said = m[1].charAt(0).toUpperCase() + m[1].slice(1);
  return field ? { field, text: m[3] !== undefined ? `Entry ${Number(m[3]) + 1}: ${m[1]}.` : `${said}.` } : { text };
}

/** API parameter → dialog field, for placing the server's complaint beside the right field. */
export const ISSUE_FIELDS: Record<string, keyof IssueForm> = { issuerId: 'issuerId', subject: 'cn', dns: 'dns', ip: 'ip', validityDays: 'days' };
export const CA_FIELDS: Record<string, keyof CaForm> = { subject: 'cn', validityDays: 'days' };

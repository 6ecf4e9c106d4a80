/**
 * Session and HTTP/SOAP (TR-069 3.4, 3.7), connection requests (3.2.2) and secure CWMP (3.3): cookies,
 * the empty POST, HTTP authentication by the ACS, HoldRequests, redirects, faults for unknown methods,
 * Digest on connection requests, and refusing the lab CA's deliberately bad server certificates.
 */
import type { AcsRequest } from '../../../src-shared/cwmp/types';
import type { TestCase } from '../case';
import type { DeviceFacts } from '../facts';
import { define, gpv, host, inform, key, pvs, send, spv } from './define';

const SESSION = 'Session';

function afterRpc(id: string, title: string, section: string, check: string): TestCase {
  return define({
    id,
    title,
    area: SESSION,
    section,
    steps: (f) => [inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'] }), gpv([`${f.root}.DeviceInfo.SoftwareVersion`]), host('traffic', { check })],
  });
}

function authCase(mode: 'basic' | 'digest'): TestCase {
  return define({
    id: `session.auth-${mode}`,
    title: `The CPE answers the ACS's HTTP ${mode === 'basic' ? 'Basic' : 'Digest'} challenge with its credentials`,
    area: SESSION,
    section: '3.4.4',
    requirement: mode === 'digest' ? 'mandatory' : 'conditional',
    when: (_f, env) => (env.acsCredentialsKnown ? null : "the ACS's CPE credentials are not known to match the device's ManagementServer.Username"),
    steps: () => [
      host('acs-settings', { patch: { auth: { mode } } }),
      inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'] }),
      host('traffic', { check: 'auth-answered', scheme: mode }),
    ],
  });
}

function redirectCase(status: 302 | 307): TestCase {
  return define({
    id: `session.redirect-${status}`,
    title: `The CPE follows an HTTP ${status} redirect from its ACS URL to the ACS for the session`,
    area: SESSION,
    section: '3.4.5',
    needs: ['acsUrlParam'],
    steps: (f) => [
      host('redirector', { status }, 'redirectUrl'),
      spv([pvs(f, f.vars.acsUrlParam, '${redirectUrl}', 'xsd:string')], 'cwmp-wb-redirect'),
      inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'], timeoutMs: 20_000 }),
      host('redirected'),
    ],
  });
}

function badCertCase(kind: 'unknown-ca' | 'expired' | 'wrong-host', title: string): TestCase {
  return define({
    id: `secure.${kind}`,
    title,
    area: 'Secure CWMP',
    section: '3.3',
    needs: ['acsUrlParam'],
    when: (f, env) => (!env.https ? 'the ACS has no HTTPS listener' : !f.informedOverTls ? 'the device does not inform over HTTPS (point it at the ACS\'s https URL, trusting the lab CA)' : null),
    steps: (f) => [
      host('bad-tls', { kind }, 'badUrl'),
      spv([pvs(f, f.vars.acsUrlParam, '${badUrl}', 'xsd:string')], 'cwmp-wb-tls'),
      inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'], timeoutMs: 30_000, note: 'after refusing the bad certificate, the retry reaches the real ACS' }),
      host('bad-tls-refused'),
    ],
  });
}

function rawRequest(method: string): AcsRequest {
  const xml =
    '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">' +
    `<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">wb-${method}</cwmp:ID></soap-env:Header>` +
    `<soap-env:Body><cwmp:${method}/></soap-env:Body></soap-env:Envelope>`;
  // A hand-written envelope goes out as a Raw task (what the ACS sends as-is).
  return { name: 'Raw', xml } as unknown as AcsRequest;
}

export const sessionCases: TestCase[] = [
  afterRpc('session.empty-post', 'The CPE sends an empty POST when it has no more requests', '3.7.1.4', 'empty-post'),
  afterRpc('session.cookies', 'The CPE returns the session cookie the ACS set on every later POST of the session', '3.4.2', 'cookies'),
  afterRpc('session.content-type', 'CPE messages are sent as text/xml', '3.4.1', 'content-type'),
  afterRpc('session.soap-action', 'CPE POSTs carrying a SOAP message have a SOAPAction header', '3.4.1', 'soap-action'),
  authCase('basic'),
  authCase('digest'),
  define({
    id: 'session.hold-requests',
    title: 'While the ACS sets HoldRequests the CPE keeps its TransferComplete back, and sends it once released',
    area: SESSION,
    section: '3.7.1.3',
    when: (f) => (f.methods.includes('Upload') ? null : 'the device does not list Upload (used to give it a request of its own)'),
    steps: () => {
      const ck = key('hold');
      return [
        host('file-url', { name: `cwmp-wb-hold-${Date.now().toString(36)}.log`, upload: true }, 'uploadUrl'),
        host('acs-settings', { patch: { holdRequests: true } }),
        send({ name: 'Upload', commandKey: ck, fileType: '2 Vendor Log File', url: '${uploadUrl}', username: '', password: '', delaySeconds: 0 }),
        inform({ events: ['7 TRANSFER COMPLETE'], timeoutMs: 20_000 }),
        { step: 'wait', ms: 300 },
        host('traffic', { check: 'held-requests' }),
        host('acs-settings', { patch: { holdRequests: false } }),
        inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'] }),
        host('transfer-complete', { commandKey: ck, timeoutMs: 10_000 }),
      ];
    },
  }),
  redirectCase(302),
  redirectCase(307),
  define({
    id: 'session.unknown-method',
    title: 'A method the CPE does not know is answered with fault 9000',
    area: SESSION,
    section: 'A.5',
    steps: () => [send(rawRequest('X_CWMPWB_NoSuchMethod'), { fault: { code: 9000 } })],
  }),
];

const CR = 'Connection request';

/** The device's own connection-request user name (readable, unlike the password), so only the password is wrong. */
function crUser(f: DeviceFacts): string {
  return f.params.get(`${f.root}.ManagementServer.ConnectionRequestUsername`)?.value || 'cwmp-wb';
}

export const connectionRequestCases: TestCase[] = [
  define({
    id: 'cr.authentication-required',
    title: 'A connection request without credentials is refused with 401',
    area: CR,
    section: '3.2.2',
    steps: () => [host('cr-unauthenticated')],
  }),
  define({
    id: 'cr.digest',
    title: 'The CPE challenges connection requests with HTTP Digest',
    area: CR,
    section: '3.2.2',
    steps: () => [host('cr-unauthenticated', { scheme: 'digest' })],
  }),
  define({
    id: 'cr.wrong-credentials',
    title: 'A connection request with a wrong password is refused',
    area: CR,
    section: '3.2.2',
    steps: (f) => [{ step: 'connection-request', expect: 'auth-failed', credentials: { username: crUser(f), password: 'wrong-password' } }],
  }),
  define({
    id: 'cr.no-session-after-refusal',
    title: 'A refused connection request opens no session',
    area: CR,
    section: '3.2.2',
    steps: (f) => [
      { step: 'connection-request', expect: 'auth-failed', credentials: { username: crUser(f), password: 'wrong-password' } },
      host('no-inform', { ms: 1500, events: ['6 CONNECTION REQUEST'] }),
    ],
  }),
  define({
    id: 'cr.session',
    title: 'An accepted connection request is followed by a session with 6 CONNECTION REQUEST',
    area: CR,
    section: '3.2.2',
    steps: () => [{ step: 'connection-request' }, inform({ events: ['6 CONNECTION REQUEST'], strict: true, timeoutMs: 10_000 })],
  }),
];

export const secureCases: TestCase[] = [
  define({
    id: 'secure.session-over-tls',
    title: 'The CPE opens its sessions over TLS to the https ACS URL',
    area: 'Secure CWMP',
    section: '3.3',
    when: (f, env) => (!env.https ? 'the ACS has no HTTPS listener' : !f.informedOverTls ? 'the device informs over plain HTTP' : null),
    steps: () => [inform({ connectionRequest: true, events: ['6 CONNECTION REQUEST'] }), host('traffic', { check: 'tls' })],
  }),
  badCertCase('unknown-ca', 'The CPE refuses an ACS certificate from a CA it does not trust'),
  badCertCase('expired', 'The CPE refuses an expired ACS certificate (issued by the lab CA)'),
  badCertCase('wrong-host', 'The CPE refuses an ACS certificate for another host name (issued by the lab CA)'),
];

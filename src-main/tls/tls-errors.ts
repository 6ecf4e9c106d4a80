/**
 * TLS failures in words. OpenSSL and Node name them by code (`ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`,
 * `CERT_HAS_EXPIRED`); a lab engineer wants "unknown CA" and which side objected.
 */

/** Certificate verification results (X509_V_ERR_*, as Node spells them) in words. */
export function describeVerifyCode(code: string): string {
  switch (code) {
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'unknown CA';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'self-signed certificate (unknown CA)';
    case 'CERT_HAS_EXPIRED':
      return 'certificate expired';
    case 'CERT_NOT_YET_VALID':
      return 'certificate not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return 'hostname mismatch';
    case 'INVALID_PURPOSE':
      return 'wrong key usage (certificate not meant for this purpose)';
    case 'CERT_SIGNATURE_FAILURE':
      return 'bad certificate signature';
    case 'CERT_REVOKED':
      return 'certificate revoked';
    case 'INVALID_CA':
      return 'issuer is not a CA';
    case 'PATH_LENGTH_EXCEEDED':
      return 'chain longer than the CA allows';
    case 'CERT_CHAIN_TOO_LONG':
      return 'certificate chain too long';
    case 'EE_KEY_TOO_SMALL':
    case 'CA_KEY_TOO_SMALL':
      return 'key too small';
    case 'CA_MD_TOO_WEAK':
      return 'signature algorithm too weak';
    default:
      return code.toLowerCase().replace(/_/g, ' ');
  }
}

const ALERTS: Array<[RegExp, string]> = [
  [/ALERT_UNKNOWN_CA/, 'the peer rejected our certificate: unknown CA'],
  [/ALERT_CERTIFICATE_EXPIRED/, 'the peer rejected our certificate: certificate expired'],
  [/ALERT_BAD_CERTIFICATE/, 'the peer rejected our certificate: bad certificate (often a hostname mismatch or wrong key usage)'],
  [/ALERT_CERTIFICATE_UNKNOWN/, 'the peer rejected our certificate: certificate unknown (hostname mismatch, wrong key usage or untrusted)'],
  [/ALERT_UNSUPPORTED_CERTIFICATE/, 'the peer rejected our certificate: unsupported certificate (wrong key usage)'],
  [/ALERT_CERTIFICATE_REQUIRED/, 'no client certificate: the server requires one'],
  [/ALERT_DECRYPT_ERROR/, 'the peer could not verify our handshake signature (key does not match the certificate?)'],
  [/ALERT_ACCESS_DENIED/, 'the peer denied access'],
  [/ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|VERSION_TOO_LOW|VERSION_TOO_HIGH|NO_PROTOCOLS_AVAILABLE|WRONG_VERSION_NUMBER/, 'protocol or cipher mismatch: no TLS version both sides accept'],
  [/NO_SHARED_CIPHER|ALERT_HANDSHAKE_FAILURE|ALERT_INSUFFICIENT_SECURITY|NO_SUITABLE_SIGNATURE_ALGORITHM|NO_SHARED_SIGNATURE_ALGORITHMS|NO_CIPHERS_AVAILABLE/, 'protocol or cipher mismatch: no cipher suite or signature algorithm both sides accept'],
  [/HTTP_REQUEST/, 'plain HTTP was sent to the HTTPS port'],
  [/ALERT_INTERNAL_ERROR/, 'the peer reported an internal TLS error'],
];

/** An error from a TLS server or client, in words (the code follows in brackets). */
export function describeTlsError(err: Error & { code?: string; authorizationError?: string }): string {
  const code = err.code ?? '';
  const tag = code ? ` (${code})` : '';
  if (code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') return `no client certificate (mutual TLS is required)${tag}`;
  if (err.authorizationError) return `client certificate rejected: ${describeVerifyCode(err.authorizationError)} (${err.authorizationError})`;
  for (const [re, words] of ALERTS) if (re.test(code) || re.test(err.message.toUpperCase().replace(/ /g, '_'))) return `${words}${tag}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `hostname mismatch: ${err.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')}`;
  if (/^[A-Z_]+$/.test(code) && !code.startsWith('E') && !code.startsWith('ERR_')) return `${describeVerifyCode(code)}${tag}`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN') return `${describeVerifyCode(code)}${tag}`;
  switch (code) {
    case 'ECONNRESET':
      return `the peer closed the connection during the handshake (it may have rejected our certificate without saying why)${tag}`;
    case 'ETIMEDOUT':
    case 'ERR_TLS_HANDSHAKE_TIMEOUT':
      return `handshake timed out${tag}`;
    case 'EPIPE':
      return `the peer went away during the handshake${tag}`;
    default:
      return `${err.message.split('\n')[0].replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:/, '').replace(/:\.\.\/deps.*$/, '')}${tag}`;
  }
}

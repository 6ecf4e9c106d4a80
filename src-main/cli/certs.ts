import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dispatch } from '../../src-shared/api/dispatch';
import type { ApiHandlers } from '../../src-shared/api/client';
import type { CertDetail, CertSummary, ExportResult } from '../../src-shared/api/certs';
import { writeFileAtomic } from '../util/atomic-file';
import { defaultDataDir } from '../util/data-dir';

const USAGE = `usage: cwmp-workbench certs <command> [options]

commands:
  list                                   certificates in the store (id, label, role, validity, key, trust)
  show <id>                              details of one certificate
  create-ca --cn <name> [--org <o>] [--key rsa-2048|rsa-3072|rsa-4096|ec-p256] [--days <n>] [--label <l>]
  issue --ca <id> --profile server|client --cn <name> [--dns a,b] [--ip x,y] [--key <alg>] [--days <n>]
        [--bad expired|not-yet-valid|wrong-host|self-signed|wrong-key-usage] [--label <l>]
  sign-csr --ca <id> <csr-file> [--profile server|client] [--days <n>]
  import <file> [--key <key-file>] [--password <pw>] [--label <l>] [--as-ca]
                                         PEM (certificates, optionally a key), DER, or PKCS#12 (.p12/.pfx)
  export <id> --format pem|pem-chain|der|pem-key|pkcs12 [--out <file>] [--password <pw>]
                                         certificates go to stdout without --out; keys need --out

options:
  --data <dir>   data directory (default: ${defaultDataDir()})
  --json         print JSON instead of a table
`;

/** `cwmp-workbench certs …`: the certs/* API from a shell, through the same validation as the UI. */
export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`cwmp-workbench certs: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const { createCertService } = await import('../tls/index');
  const service = await createCertService({ dataDir: values.data ?? defaultDataDir() });
  const call = async (method: string, params: object): Promise<unknown> => {
    const out = await dispatch(service.handlers as unknown as ApiHandlers, method, params);
    if (!out.ok) throw new Error(out.error.message);
    return out.result;
  };
  const list = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
  const days = values.days !== undefined ? Number(values.days) : undefined;
  try {
    switch (command) {
      case 'list': {
        const { certs } = (await call('certs/list', {})) as { certs: CertSummary[] };
        process.stdout.write(values.json ? `${JSON.stringify(certs, null, 2)}\n` : table(certs));
        return 0;
      }
      case 'show': {
        const d = (await call('certs/get', { id: need(rest[0], 'an id') })) as CertDetail;
        process.stdout.write(values.json ? `${JSON.stringify(d, null, 2)}\n` : describe(d));
        return 0;
      }
      case 'create-ca': {
        const d = (await call('certs/create-ca', {
          subject: { commonName: need(values.cn, '--cn'), ...(values.org ? { organization: values.org } : {}) },
          ...(values.key ? { keyAlgorithm: values.key } : {}),
          ...(days !== undefined ? { validityDays: days } : {}),
          ...(values.label ? { label: values.label } : {}),
        })) as CertDetail;
        return done(d, values.json);
      }
      case 'issue': {
        const d = (await call('certs/issue', {
          issuerId: need(values.ca, '--ca'),
          profile: need(values.profile, '--profile'),
          subject: { commonName: need(values.cn, '--cn'), ...(values.org ? { organization: values.org } : {}) },
          dns: list(values.dns),
          ip: list(values.ip),
          ...(values.key ? { keyAlgorithm: values.key } : {}),
          ...(days !== undefined ? { validityDays: days } : {}),
          ...(values.bad ? { bad: values.bad } : {}),
          ...(values.label ? { label: values.label } : {}),
        })) as CertDetail;
        return done(d, values.json);
      }
      case 'sign-csr': {
        const csrPem = await readFile(need(rest[0], 'a CSR file'), 'utf8');
        const d = (await call('certs/sign-csr', {
          issuerId: need(values.ca, '--ca'),
          csrPem,
          ...(values.profile ? { profile: values.profile } : {}),
          ...(days !== undefined ? { validityDays: days } : {}),
        })) as CertDetail;
        return done(d, values.json);
      }
      case 'import': {
        const file = need(rest[0], 'a file');
        const bytes = await readFile(file);
        const text = bytes.subarray(0, 4096).toString('latin1').includes('-----BEGIN');
        const keyPem = values.key ? await readFile(values.key, 'utf8') : undefined;
        const source = text
          ? { pem: bytes.toString('utf8') }
          : /\.(p12|pfx)$/i.test(file) || !/\.(cer|crt|der)$/i.test(file)
            ? { pkcs12Base64: bytes.toString('base64'), password: values.password ?? '' }
            : { derBase64: bytes.toString('base64') };
        const keyOptions = keyPem !== undefined ? { keyPem, ...(values.password !== undefined ? { keyPassword: values.password } : {}) } : {};
        if (values['as-ca']) {
          const ca = (await call('certs/import-ca', {
            ...('pem' in source ? { certPem: source.pem } : {}),
            ...('pkcs12Base64' in source ? source : {}),
            ...keyOptions,
            ...(values.label ? { label: values.label } : {}),
          })) as CertDetail;
          return done(ca, values.json);
        }
        const textKey = 'pem' in source && values.password !== undefined && keyPem === undefined ? { keyPassword: values.password } : {};
        const r = (await call('certs/import', { ...source, ...keyOptions, ...textKey, ...(values.label ? { label: values.label } : {}) })) as { imported: CertSummary[] };
        process.stdout.write(values.json ? `${JSON.stringify(r.imported, null, 2)}\n` : table(r.imported));
        return 0;
      }
      case 'export': {
        const id = need(rest[0], 'an id');
        const format = need(values.format, '--format');
        const out = values.out ? resolve(values.out) : undefined;
        if ((format === 'pem-key' || format === 'pkcs12') && !out) throw new Error('a key leaves the store only as a file: give --out <file>');
        const r = (await call('certs/export', { id, format, ...(values.password !== undefined ? { password: values.password } : {}) })) as ExportResult;
        const bytes = r.encoding === 'base64' ? Buffer.from(r.data, 'base64') : Buffer.from(r.data, 'utf8');
        if (out) {
          // The user's own shell names the file; keys are written owner-only.
          await writeFileAtomic(out, bytes, r.secret ? 0o600 : 0o644);
          process.stderr.write(`wrote ${out}\n`);
        } else if (r.encoding === 'base64') {
          if (process.stdout.isTTY) throw new Error('DER is binary: give --out <file> or redirect stdout');
          process.stdout.write(bytes);
        } else {
          process.stdout.write(bytes);
        }
        return 0;
      }
      default:
        process.stderr.write(`cwmp-workbench certs: unknown command '${command}'\n${USAGE}`);
        return 1;
    }
  } catch (err) {
    process.stderr.write(`cwmp-workbench certs ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      cn: { type: 'string' },
      org: { type: 'string' },
      key: { type: 'string' },
      days: { type: 'string' },
      label: { type: 'string' },
      ca: { type: 'string' },
      profile: { type: 'string' },
      dns: { type: 'string' },
      ip: { type: 'string' },
      bad: { type: 'string' },
      password: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'as-ca': { type: 'boolean' },
    },
  });
}

function need(v: string | undefined, what: string): string {
  if (!v) throw new Error(`missing ${what}`);
  return v;
}

function done(d: CertDetail, json: boolean | undefined): number {
  process.stdout.write(json ? `${JSON.stringify(d, null, 2)}\n` : describe(d));
  return 0;
}

function table(certs: CertSummary[]): string {
  if (certs.length === 0) return 'no certificates\n';
  const rows = certs.map((c) => [
    c.id,
    c.role,
    c.label.slice(0, 40),
    c.validity === 'valid' ? `${c.daysLeft}d left` : c.validity,
    c.publicKey.description,
    c.hasPrivateKey ? 'key' : '-',
    [c.usedByAcs ? 'ACS' : '', ...c.trustedFor.map((t) => (t === 'acs-clients' ? 'trust:acs' : 'trust:proxy'))].filter(Boolean).join(' '),
  ]);
  const head = ['ID', 'ROLE', 'LABEL', 'VALIDITY', 'KEY', 'PRIV', 'USE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

function describe(d: CertDetail): string {
  const lines = [
    `id:           ${d.id}   (${d.role}, ${d.origin}${d.deliberatelyBad ? `, deliberately bad: ${d.deliberatelyBad}` : ''})`,
    `label:        ${d.label}`,
    `subject:      ${d.subject}`,
    `issuer:       ${d.issuer}`,
    `serial:       ${d.serialNumber}`,
    `validity:     ${d.notBefore} .. ${d.notAfter} (${d.validity}, ${d.daysLeft} days left)`,
    `SANs:         ${d.sans.join(', ') || '-'}`,
    `key:          ${d.publicKey.description}${d.hasPrivateKey ? ' (private key in store)' : ''}`,
    `signature:    ${d.signatureAlgorithm}`,
    `key usage:    ${d.keyUsage.join(', ') || '-'}; extended: ${d.extendedKeyUsage.join(', ') || '-'}`,
    `SHA-1:        ${d.fingerprint1}`,
    `SHA-256:      ${d.fingerprint256}`,
    `chain:        ${d.chain.map((l) => l.subject).join(' <- ')}${d.chainComplete ? '' : `  (incomplete: ${d.chainProblem ?? ''})`}`,
  ];
  for (const w of d.warnings) lines.push(`warning:      ${w}`);
  return lines.join('\n') + '\n';
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { intFlag, parseFlags, UsageError } from './args';
import { proxyProfileSchema, type ProxyProfile } from '../../src-shared/api/proxy';
import type { Exchange } from '../../src-shared/traffic/exchange';
import { CaptureWriter } from '../capture/writer';
import { Interceptor } from '../proxy/intercept';
import { listenerTlsFor } from '../proxy/listener-tls';
import { ProxyServer } from '../proxy/proxy-server';
import { ConnectionRequestRelay } from '../proxy/cr-relay';
import { defaultDataDir } from '../util/data-dir';

const USAGE = `usage: cwmp-workbench proxy --listen <port> --upstream <url> [options]

Runs one capture proxy headless until SIGINT or SIGTERM: CPEs use it as their ACS URL, it forwards
every byte to the upstream ACS and prints each exchange.

  --listen <port>        port to listen on (0 = any free port)
  --upstream <url>       the real ACS, http:// or https://
  --capture <file>       append every completed exchange to this capture file (NDJSON, fsync'd)
  --host <addr>          address to listen on (default 127.0.0.1)
  --name <name>          profile name shown in the trace (default cli)
  --tls                  HTTPS listener with a self-signed certificate
  --tls-key <file> --tls-cert <file>   HTTPS listener with this key and certificate (PEM)
  --insecure             do not verify the upstream's certificate
  --ca <file>            extra CA certificate(s) (PEM) to trust for the upstream
  --client-cert <file> --client-key <file>   client certificate for upstream mutual TLS
  --rewrite-cr-url       route the ACS's connection requests through the proxy (changes Inform bytes)
  --preserve-host        forward the CPE's Host header instead of the upstream's
  --quiet                do not print exchanges
  --data <dir>           data directory, for the self-signed certificate (default: ${defaultDataDir()})

Prints "proxy <listen-url> -> <upstream>" once listening, then one line per exchange.
`;

function line(x: Exchange): string {
  const t = new Date(x.finishedAt ?? x.startedAt).toISOString().slice(11, 23);
  const req = x.cwmpRequest?.rpc ?? (x.request && x.request.body.size > 0 ? '(body)' : '(empty)');
  const res = x.response ? `${x.response.status} ${x.cwmpResponse?.rpc ?? (x.response.body.size > 0 ? '(body)' : '(empty)')}` : 'no response';
  const err = x.error ? `  ! ${x.error}` : '';
  return `${t} ${x.deviceId ?? '-'} ${x.request?.method ?? ''} ${req} -> ${res}${err}\n`;
}

async function buildProfile(values: Record<string, string | boolean | undefined>): Promise<ProxyProfile> {
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const listen = str('listen');
  const upstream = str('upstream');
  if (listen === undefined) throw new UsageError('--listen <port> is required');
  if (upstream === undefined) throw new UsageError('--upstream <url> is required');
  const port = intFlag('listen', listen, 0, 65535, 'a port');
  const readPem = async (k: string): Promise<string | undefined> => {
    const f = str(k);
    if (f === undefined) return undefined;
    try {
      return await readFile(f, 'utf8');
    } catch (err) {
      throw new UsageError(`--${k}: cannot read ${f}: ${(err as Error).message}`);
    }
  };
  const [tlsKey, tlsCert, ca, clientCert, clientKey] = await Promise.all([
    readPem('tls-key'),
    readPem('tls-cert'),
    readPem('ca'),
    readPem('client-cert'),
    readPem('client-key'),
  ]);
  if ((tlsKey === undefined) !== (tlsCert === undefined)) throw new UsageError('--tls-key and --tls-cert go together');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new UsageError('--client-cert and --client-key go together');
  const parsed = proxyProfileSchema.safeParse({
    name: str('name') ?? 'cli',
    listen: {
      host: str('host') ?? '127.0.0.1',
      port,
      ...(tlsKey && tlsCert ? { tls: { mode: 'pem', keyPem: tlsKey, certPem: tlsCert } } : values.tls ? { tls: { mode: 'self-signed' } } : {}),
    },
    upstream: {
      url: upstream,
      verify: !values.insecure,
      ...(ca ? { caPem: [ca] } : {}),
      ...(clientCert && clientKey ? { clientCert: { certPem: clientCert, keyPem: clientKey } } : {}),
    },
    preserveHost: values['preserve-host'] === true,
    rewriteConnectionRequestUrl: values['rewrite-cr-url'] === true,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function run(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let profile: ProxyProfile;
  try {
    ({ values } = parseFlags({
      args: argv,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        upstream: { type: 'string' },
        capture: { type: 'string' },
        host: { type: 'string' },
        name: { type: 'string' },
        tls: { type: 'boolean' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        insecure: { type: 'boolean' },
        ca: { type: 'string' },
        'client-cert': { type: 'string' },
        'client-key': { type: 'string' },
        'rewrite-cr-url': { type: 'boolean' },
        'preserve-host': { type: 'boolean' },
        quiet: { type: 'boolean' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    profile = await buildProfile(values);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`cwmp-workbench proxy: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  const quiet = values.quiet === true;
  const capturePath = values.capture ? resolve(String(values.capture)) : undefined;
  const writer = capturePath
    ? new CaptureWriter(capturePath, {
        writer: 'cwmp-workbench proxy',
        onError: (err) => process.stderr.write(`cwmp-workbench proxy: capture stopped: ${err.message}\n`),
      })
    : undefined;
  const sink = {
    record(x: Exchange): void {
      writer?.record(x);
      if (x.finishedAt !== undefined && !quiet) process.stdout.write(line(x));
    },
  };
  const dataDir = (values.data as string | undefined) ?? defaultDataDir();
  const host = profile.listen.host === '0.0.0.0' || profile.listen.host === '::' ? '127.0.0.1' : profile.listen.host;
  const interceptor = new Interceptor();
  const relay = profile.rewriteConnectionRequestUrl ? new ConnectionRequestRelay({ name: profile.name, listenHost: profile.listen.host, advertisedHost: host, sink }) : undefined;
  const server = new ProxyServer({ profile, listenerTls: await listenerTlsFor(profile, dataDir, host), sink, interceptor, relay });
  try {
    await relay?.start();
    await server.start();
  } catch (err) {
    await relay?.stop();
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`cwmp-workbench proxy: cannot listen on ${profile.listen.host}:${profile.listen.port}: ${e.code === 'EADDRINUSE' ? 'port in use' : e.message}\n`);
    return 1;
  }
  process.stdout.write(`proxy ${server.url(host)} -> ${profile.upstream.url}${capturePath ? `  capture ${capturePath}` : ''}\n`);
  if (relay) process.stdout.write(`connection requests via ${relay.baseUrl()}\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.stop();
  await relay?.stop();
  await writer?.close();
  if (writer && !quiet) process.stdout.write(`capture: ${writer.written} exchange(s) written to ${writer.path}\n`);
  return 0;
}

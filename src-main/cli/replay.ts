/**
 * `cwmp-workbench replay acs|cpe <trace> …`: reproduce a recorded trace on the bench. The trace is read
 * through the one capture import entry point, whatever its format.
 */
import { writeFile } from 'node:fs/promises';
import { DomainError } from '../../src-shared/errors/domain-error';
import { cpeReportExitCode, cpeReportText } from '../../src-shared/replay/cpe-report';
import { acsReportExitCode, acsReportText } from '../../src-shared/replay/report';
import { rebuildDevice } from '../../src-shared/replay/device-image';
import { buildReplayScript, type ReplayScript } from '../../src-shared/replay/script';
import { DEFAULT_VOLATILE } from '../../src-shared/replay/volatile';
import { createWorkbench, type Workbench } from '../app/workbench';
import { readImport } from '../capture/export-import';
import { replayAcsSide, ReplayError } from '../replay/acs-replay';
import { replayCpeSide } from '../replay/cpe-replay';
import { workbenchReplayHost } from '../replay/host';
import { defaultDataDir } from '../util/data-dir';
import { intFlag, parseFlags, UsageError } from './args';

const USAGE = `usage: cwmp-workbench replay <acs|cpe> <trace> [options]

  acs <trace> [--device SERIAL|OUI-CLASS-SERIAL] [--acs-port P] [--acs-tls-port P] [--data DIR]
              [--wait SECONDS] [--json FILE]
      The workbench's ACS waits for the bench CPE to inform and plays it what the recorded ACS sent,
      session by session; then compares each answer with the recorded CPE's.
      --device           the bench CPE (default: the first CPE to inform)
      --acs-port P       ACS HTTP port (default 7547, a free one if taken; 0 = any free port)
      --acs-tls-port P   ACS HTTPS port (default 7548, a free one if taken; 0 = any free port)
      --host ADDR        address the ACS listens on (default 127.0.0.1; 0.0.0.0 for a bench network)
      --data DIR         data directory (default: ${defaultDataDir()}); its file store serves Downloads
      --wait SECONDS     how long to wait for each session of the bench CPE (default 300)
      --ignore PATTERN   also ignore differences in these parameters (glob, repeatable)
      --no-default-ignore  compare volatile parameters too (default ignored: uptime, counters, clocks)
      --json FILE        write the report as JSON
      Exit status: 0 no difference, 1 differences, 2 could not run.

  cpe <trace> --acs URL [--serial S] [--json FILE]
      A virtual CPE built from the trace informs the ACS at URL, answers with the recorded answer when the
      ACS repeats a recorded request (else from the tree rebuilt from the trace), takes connection
      requests, informs periodically as recorded; then reports where the ACS behaved differently.
      --acs URL          the ACS (http://user:password@host:port/path for an ACS that wants credentials)
      --serial S         another serial number than the recorded one
      --wait SECONDS     how long to wait for the ACS's next session (default 300)
      --json FILE        write the report as JSON
      Exit status: 0 the ACS did as recorded, 1 it diverged, 2 could not run.

  clone <trace> --out FILE [--device SERIAL|OUI-CLASS-SERIAL]
      Writes the device rebuilt from the trace as a simulator profile:
      \`cwmp-workbench serve --sim N --sim-profile FILE\` runs N copies of it.
`;

/** The trace as a replay script; a DomainError (bad file) and an empty trace are the caller's exit 2. */
export async function loadTrace(path: string, device?: string): Promise<ReplayScript> {
  const { exchanges, warnings } = await readImport(path);
  const script = buildReplayScript(exchanges, { device });
  script.warnings.unshift(...warnings);
  if (script.sessions.length === 0) throw new ReplayError(`${path} holds no CWMP session`);
  return script;
}

function fail(message: string): number {
  process.stderr.write(`cwmp-workbench replay: ${message}\n`);
  return 2;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function runAcs(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    options: {
      device: { type: 'string' },
      'acs-port': { type: 'string' },
      'acs-tls-port': { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      wait: { type: 'string' },
      json: { type: 'string' },
      ignore: { type: 'string', multiple: true },
      'no-default-ignore': { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one trace file');
  const acsPort = intFlag('acs-port', values['acs-port'], 7547, 65535);
  const acsTlsPort = intFlag('acs-tls-port', values['acs-tls-port'], 7548, 65535);
  const waitSec = intFlag('wait', values.wait, 300, 86_400, 'a number of seconds');
  if (waitSec === 0) throw new UsageError('--wait must be at least 1 second');
  const ignore = [...(values['no-default-ignore'] ? [] : DEFAULT_VOLATILE), ...(values.ignore ?? [])];
  const note = (line: string): void => void process.stderr.write(`${line}\n`);

  let script: ReplayScript;
  try {
    script = await loadTrace(positionals[0], values.device);
  } catch (err) {
    return fail(`cannot replay ${positionals[0]}: ${errorText(err)}`);
  }
  let workbench: Workbench;
  try {
    workbench = await createWorkbench({
      dataDir: values.data ?? defaultDataDir(),
      host: values.host ?? '127.0.0.1',
      acsPort,
      acsTlsPort,
      uiPort: 0,
      sim: 0,
      shell: 'headless',
      serveUi: false,
      // A default port that is taken moves to a free one (as `test` does); a port the user named is used or fails.
      flexiblePorts: [...(values['acs-port'] === undefined ? (['acsPort'] as const) : []), ...(values['acs-tls-port'] === undefined ? (['acsTlsPort'] as const) : [])],
    });
    const urls = await workbench.start();
    for (const u of [urls.acsHttp, urls.acsHttps]) if (u) process.stdout.write(`ACS ${u}\n`);
    for (const warning of workbench.warnings()) note(`cwmp-workbench: ${warning}`);
  } catch (err) {
    return fail(`the ACS could not start: ${errorText(err)}`);
  }
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await replayAcsSide(await workbenchReplayHost(workbench), {
      script,
      device: values.device,
      waitMs: waitSec * 1000,
      ignore,
      onProgress: note,
      signal: abort.signal,
    });
    process.stdout.write(acsReportText(report));
    if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    return acsReportExitCode(report);
  } catch (err) {
    return fail(err instanceof ReplayError || err instanceof DomainError ? err.message : `replay failed: ${errorText(err)}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await workbench.stop().catch((err: unknown) => note(`cwmp-workbench replay: stopping: ${errorText(err)}`));
  }
}

async function runCpe(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    options: { acs: { type: 'string' }, serial: { type: 'string' }, json: { type: 'string' }, wait: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one trace file');
  if (!values.acs) throw new UsageError('--acs URL is required');
  if (values.serial !== undefined && !/^[\x21-\x7e]{1,64}$/.test(values.serial)) throw new UsageError('--serial must be 1 to 64 printable characters without spaces');
  const waitSec = intFlag('wait', values.wait, 300, 86_400, 'a number of seconds');
  if (waitSec === 0) throw new UsageError('--wait must be at least 1 second');
  let script: ReplayScript;
  try {
    script = await loadTrace(positionals[0]);
  } catch (err) {
    return fail(`cannot replay ${positionals[0]}: ${errorText(err)}`);
  }
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await replayCpeSide({
      script,
      acsUrl: values.acs,
      serial: values.serial,
      waitMs: waitSec * 1000,
      onProgress: (line) => void process.stderr.write(`${line}\n`),
      signal: abort.signal,
    });
    process.stdout.write(cpeReportText(report));
    if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    return cpeReportExitCode(report);
  } catch (err) {
    return fail(err instanceof ReplayError ? err.message : `replay failed: ${errorText(err)}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runClone(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, device: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('give exactly one trace file');
  if (!values.out) throw new UsageError('--out FILE is required');
  let image;
  try {
    image = rebuildDevice(await loadTrace(positionals[0], values.device));
  } catch (err) {
    return fail(`cannot clone from ${positionals[0]}: ${errorText(err)}`);
  }
  try {
    await writeFile(values.out, `${JSON.stringify(image, null, 2)}\n`);
  } catch (err) {
    return fail(`cannot write ${values.out}: ${errorText(err)}`);
  }
  const id = image.deviceId;
  process.stdout.write(`${values.out}: ${id.oui}-${id.productClass}-${id.serialNumber}, ${image.parameters.length} parameters in ${image.objects.length} objects\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [side, ...rest] = argv;
  if (!side || side === '--help' || side === '-h' || side === 'help') {
    process.stdout.write(USAGE);
    return side ? 0 : 2;
  }
  try {
    switch (side) {
      case 'acs':
        return await runAcs(rest);
      case 'cpe':
        return await runCpe(rest);
      case 'clone':
        return await runClone(rest);
      default:
        throw new UsageError(`unknown command '${side}' (acs, cpe or clone)`);
    }
  } catch (err) {
    // Whatever stopped the replay, it could not run: exit 2, never the "differences" status.
    if (!(err instanceof UsageError)) return fail(errorText(err));
    process.stderr.write(`cwmp-workbench replay: ${err.message}\n\n${USAGE}`);
    return 2;
  }
}

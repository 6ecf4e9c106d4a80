import { readFile } from 'node:fs/promises';
import { parseFlags, UsageError } from './args';
import { reconstructSessions, type CwmpSession } from '../../src-shared/capture/sessions';
import { sessionSummaryLine, sessionsTranscript } from '../../src-shared/capture/transcript';
import { DomainError } from '../../src-shared/errors/domain-error';
import { buildExport, importCaptureBytes, type ImportedCapture } from '../capture/export-import';
import { writeFile } from 'node:fs/promises';

const USAGE = `usage: cwmp-workbench capture <command> <file> [options]

  <file> is a workbench capture (.ndjson), a HAR, or a pcap/pcapng packet capture (told apart by content)

  show <file>               the CWMP sessions in a capture, one block each
      --bodies              include each message's body
      --brief               one line per session
      --json                the sessions as JSON
  export <file> --har <out>         write a HAR 1.2 file
  export <file> --transcript <out>  write the plain-text transcript
  export <file> --pcapng <out>      write a pcapng file (synthetic TCP/IP; Wireshark shows the HTTP)
      --session <id>                only that CWMP session (ids as 'show --json' lists them)
`;

function outcomeCounts(sessions: CwmpSession[]): string {
  const counts = new Map<string, number>();
  for (const s of sessions) counts.set(s.outcome, (counts.get(s.outcome) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseFlags({
      args: rest,
      allowPositionals: true,
      options: {
        bodies: { type: 'boolean' },
        brief: { type: 'boolean' },
        json: { type: 'boolean' },
        har: { type: 'string' },
        transcript: { type: 'string' },
        pcapng: { type: 'string' },
        session: { type: 'string' },
      },
    }));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`cwmp-workbench capture: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(`cwmp-workbench capture ${command}: give exactly one capture file\n\n${USAGE}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    process.stderr.write(`cwmp-workbench capture: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  let parsed: ImportedCapture;
  try {
    parsed = importCaptureBytes(bytes);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    process.stderr.write(`cwmp-workbench capture: ${file}: ${err.message}\n`);
    return 2;
  }
  for (const w of parsed.warnings) process.stderr.write(`warning: ${file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}\n`);
  switch (command) {
    case 'show': {
      const sessions = reconstructSessions(parsed.exchanges, { now: Date.now() });
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ sessions, warnings: parsed.warnings }, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(`${file}: ${parsed.exchanges.length} exchange(s), ${sessions.length} CWMP session(s)${sessions.length ? ` (${outcomeCounts(sessions)})` : ''}\n\n`);
      if (values.brief) {
        for (const s of sessions) process.stdout.write(`${sessionSummaryLine(s)}\n`);
      } else {
        process.stdout.write(`${sessionsTranscript(sessions, parsed.exchanges, { bodies: values.bodies === true })}\n`);
      }
      return 0;
    }
    case 'export': {
      const har = values.har as string | undefined;
      const tr = values.transcript as string | undefined;
      const ng = values.pcapng as string | undefined;
      if (!har && !tr && !ng) {
        process.stderr.write(`cwmp-workbench capture export: give --har <out>, --transcript <out> or --pcapng <out>\n`);
        return 2;
      }
      const sessionId = values.session as string | undefined;
      try {
        if (har) await writeFile(har, buildExport(parsed.exchanges, 'har', { sessionId }).content ?? '');
        if (tr) await writeFile(tr, buildExport(parsed.exchanges, 'transcript', { sessionId }).content ?? '');
        if (ng) await writeFile(ng, buildExport(parsed.exchanges, 'pcapng', { sessionId }).bytes ?? new Uint8Array(0));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        process.stderr.write(`cwmp-workbench capture export: ${err.message}\n`);
        return 2;
      }
      return 0;
    }
    default:
      process.stderr.write(`cwmp-workbench capture: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

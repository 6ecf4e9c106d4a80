/**
 * `cwmp-workbench decode [FILE|-] [--check] [--content-type <ct>]`: decodes one CWMP message and
 * prints it as JSON (`{ namespace, version, header, rpc, warnings }`). Bad input: a clear error on
 * stderr, exit 1. `--check` also validates parameter values against the data model of the message's
 * root (TR-181 for `Device.`, TR-098 for `InternetGatewayDevice.`), adds `check` to the JSON, and
 * exits 1 when a value breaks the model.
 */
import { readFile } from 'node:fs/promises';
import { parseCwmp, type CwmpMessage } from '../../src-shared/cwmp';
import { checkMessage, messageRoot, type MessageIssue } from '../../src-shared/datamodel';
import { modelForRoot } from '../datamodel/load';

const USAGE = `usage: cwmp-workbench decode [FILE|-] [--check] [--content-type <type>] [--max-bytes <n>]

Decodes one CWMP (TR-069) SOAP message and prints it as JSON.
  FILE | -              the message file; '-' or nothing reads standard input
  --check               also validate parameter values against the data model (TR-181 / TR-098)
  --content-type <type> the HTTP Content-Type the body came with (its charset is honoured)
  --max-bytes <n>       refuse bodies larger than n bytes (default 32 MiB)
Exit status: 0 decoded; 1 bad input, unreadable file, or (with --check) values that break the model.
`;

interface Args {
  file: string;
  check: boolean;
  contentType?: string;
  maxBytes?: number;
  help: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { file: '-', check: false, help: false };
  let fileSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') args.check = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--content-type' || a === '--max-bytes') {
      const v = argv[++i];
      if (v === undefined) return `${a} needs a value`;
      if (a === '--content-type') args.contentType = v;
      else {
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) return `--max-bytes needs a positive integer, not '${v}'`;
        args.maxBytes = n;
      }
    } else if (a.startsWith('--content-type=')) args.contentType = a.slice('--content-type='.length);
    else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
    else if (fileSeen) return `only one FILE can be decoded (got '${args.file}' and '${a}')`;
    else {
      args.file = a;
      fileSeen = true;
    }
  }
  return args;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface CheckResult {
  model: string | null;
  issues: MessageIssue[];
}

async function check(message: CwmpMessage): Promise<CheckResult> {
  const root = messageRoot(message);
  if (!root) return { model: null, issues: [] };
  const model = await modelForRoot(root);
  return { model: model.name, issues: checkMessage(message, model) };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`cwmp-workbench decode: ${args}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let bytes: Uint8Array;
  try {
    bytes = args.file === '-' ? await readStdin() : await readFile(args.file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    process.stderr.write(`cwmp-workbench decode: cannot read ${args.file}: ${reason}\n`);
    return 1;
  }
  const result = parseCwmp(bytes, { contentType: args.contentType, maxBytes: args.maxBytes });
  if (!result.ok) {
    process.stderr.write(`cwmp-workbench decode: ${args.file === '-' ? 'stdin' : args.file}: ${result.error.code}: ${result.error.message}\n`);
    return 1;
  }
  if (!args.check) {
    process.stdout.write(`${JSON.stringify(result.message, null, 2)}\n`);
    return 0;
  }
  const checked = await check(result.message);
  process.stdout.write(`${JSON.stringify({ ...result.message, check: checked }, null, 2)}\n`);
  const errors = checked.issues.filter((i) => i.severity === 'error');
  if (checked.model === null) {
    process.stderr.write('check: no parameter values under Device. or InternetGatewayDevice. to check\n');
  } else {
    for (const i of checked.issues) process.stderr.write(`check: ${i.severity}: ${i.path}: ${i.message}\n`);
    process.stderr.write(`check: ${errors.length} error(s), ${checked.issues.length - errors.length} warning(s) against ${checked.model}\n`);
  }
  return errors.length > 0 ? 1 : 0;
}

/**
 * Derives resources/datamodels/*.json from the Broadband Forum data-model XML in ../shared/data-models
 * (or the directory given as the first argument). Run with `npm run datamodels`; deterministic.
 * `--check` compares instead of writing and exits 1 when a committed file is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deriveDataModel, serialiseDataModel } from '../src-main/datamodel/derive';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The models we ship: output file → source file. */
export const MODEL_SOURCES = [
  { output: 'tr-181-2-17.json', source: 'tr-181-2-17-0-cwmp-full.xml' },
  { output: 'tr-098-1-8.json', source: 'tr-098-1-8-0-full.xml' },
] as const;

export const TYPES_SOURCE = 'tr-106-types.xml';
export const DEFAULT_SOURCE_DIR = path.resolve(projectRoot, '..', 'shared', 'data-models');
export const OUTPUT_DIR = path.join(projectRoot, 'resources', 'datamodels');

/**
 * The licence part of a BBF file's header comment: from its title down to the moral-rights
 * paragraph (the summary and issue history after it are not licence text).
 */
export function licenceNotice(xml: string, source: string): string {
  const comment = /<!--([\s\S]*?)-->/.exec(xml);
  if (!comment) throw new Error(`${source}: no header comment`);
  const lines = comment[1].split('\n').map((l) => l.replace(/^ {2}/, '').trimEnd());
  const end = lines.findIndex((l) => /deemed granted under this license\./.test(l));
  if (end < 0) throw new Error(`${source}: header comment has no BBF licence`);
  return lines.slice(0, end + 1).join('\n').trim();
}

/** Derives every shipped file from `sourceDir`; returns output file name → text. */
export async function deriveAll(sourceDir: string = DEFAULT_SOURCE_DIR): Promise<Map<string, string>> {
  const typesXml = await readFile(path.join(sourceDir, TYPES_SOURCE), 'utf8');
  const out = new Map<string, string>();
  const notices: string[] = [];
  for (const { output, source } of MODEL_SOURCES) {
    const modelXml = await readFile(path.join(sourceDir, source), 'utf8');
    out.set(output, serialiseDataModel(deriveDataModel({ modelXml, typesXml, source })));
    notices.push(`${source}:\n\n${licenceNotice(modelXml, source)}`);
  }
  notices.push(`${TYPES_SOURCE}:\n\n${licenceNotice(typesXml, TYPES_SOURCE)}`);
  out.set(
    'LICENSE-BBF.txt',
    'The JSON files in this directory are derived from Broadband Forum data-model files, whose\n' +
      'licence notices follow, copied from the header comment of each source file.\n\n' +
      notices.join('\n\n' + '-'.repeat(72) + '\n\n') +
      '\n',
  );
  return out;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const dir = argv.find((a) => !a.startsWith('--')) ?? DEFAULT_SOURCE_DIR;
  const files = await deriveAll(dir);
  let stale = 0;
  for (const [name, text] of files) {
    const target = path.join(OUTPUT_DIR, name);
    if (check) {
      const current = await readFile(target, 'utf8').catch(() => '');
      if (current !== text) {
        stale++;
        console.error(`${name}: out of date (run npm run datamodels)`);
      }
    } else {
      await writeFile(target, text);
      if (!name.endsWith('.json')) continue;
      const m = JSON.parse(text) as { objects: Record<string, { params: object }> };
      const objects = Object.keys(m.objects).length;
      const params = Object.values(m.objects).reduce((n, o) => n + Object.keys(o.params).length, 0);
      console.log(`${name}: ${objects} objects, ${params} parameters, ${text.length} bytes`);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}

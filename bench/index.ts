/**
 * `npm run bench`: runs every bench/<area>.ts (or those named on the command line) and prints one table.
 * Each area measures its own baseline in the same run, so the ratios hold on a noisy shared machine.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchLine, BenchModule } from './types';

const here = dirname(fileURLToPath(import.meta.url));

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const areas = readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((a) => wanted.length === 0 || wanted.includes(a))
    .sort();
  let failed = false;
  for (const area of areas) {
    process.stdout.write(`\n## ${area}\n`);
    try {
      const mod = (await import(pathToFileURL(join(here, `${area}.ts`)).href)) as BenchModule;
      const lines: BenchLine[] = await mod.run();
      for (const l of lines) {
        const ratio = l.ratio !== undefined ? `  ratio ${fmt(l.ratio)}` : '';
        const base = l.baseline !== undefined ? `  (baseline ${fmt(l.baseline)} ${l.unit})` : '';
        const note = l.note ? `  — ${l.note}` : '';
        process.stdout.write(`${l.name.padEnd(58)} ${fmt(l.value).padStart(10)} ${l.unit}${base}${ratio}${note}\n`);
      }
    } catch (err) {
      failed = true;
      process.stdout.write(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();

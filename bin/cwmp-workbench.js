#!/usr/bin/env node
// Runs the built CLI (out/main/cli.js). `npm run build` produces it; `npm start` builds on demand.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('cwmp-workbench: not built yet — run `npm run build` in the project folder first\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);

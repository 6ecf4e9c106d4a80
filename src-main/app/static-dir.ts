import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the renderer build lives. The code runs from source (`src-main/app`, under tsx), from the
 * bundle (`out/main` or `out/main/chunks`), or from an installed package, so look upwards for
 * `out/renderer` rather than assume one layout.
 */
export function defaultStaticDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CWMP_WORKBENCH_UI_DIR) return env.CWMP_WORKBENCH_UI_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'renderer', 'index.html')) && existsSync(join(dir, 'main'))) return join(dir, 'renderer');
    if (existsSync(join(dir, 'out', 'renderer', 'index.html'))) return join(dir, 'out', 'renderer');
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(process.cwd(), 'out', 'renderer');
}

import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The platform's user-data folder, the same for the Electron app and headless mode (Electron's
 * `app.getPath('userData')` resolves to the same place for an app named `cwmp-workbench`).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CWMP_WORKBENCH_DATA) return env.CWMP_WORKBENCH_DATA;
  const home = homedir();
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'cwmp-workbench');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'cwmp-workbench');
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'cwmp-workbench');
  }
}

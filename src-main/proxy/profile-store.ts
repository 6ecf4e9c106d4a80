import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { proxyProfileSchema, type Breakpoint, type ProxyProfile } from '../../src-shared/api/proxy';
import { writeFileAtomic } from '../util/atomic-file';

interface Stored {
  version: 1;
  profiles: ProxyProfile[];
  breakpoints: Breakpoint[];
}

/** Proxy profiles and breakpoints in `<dataDir>/proxy/profiles.json`, replaced atomically on each change. */
export class ProfileStore {
  readonly path: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'proxy', 'profiles.json');
  }

  /** Loads what is stored; invalid entries are skipped and reported. */
  async load(): Promise<{ profiles: ProxyProfile[]; breakpoints: Breakpoint[]; warnings: string[] }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return { profiles: [], breakpoints: [], warnings: [] };
    }
    const warnings: string[] = [];
    let data: Partial<Stored>;
    try {
      data = JSON.parse(text) as Partial<Stored>;
    } catch (err) {
      return { profiles: [], breakpoints: [], warnings: [`${this.path} is not valid JSON (${(err as Error).message}); starting without profiles`] };
    }
    const profiles: ProxyProfile[] = [];
    for (const p of Array.isArray(data.profiles) ? data.profiles : []) {
      const parsed = proxyProfileSchema.safeParse(p);
      if (parsed.success) profiles.push(parsed.data);
      else warnings.push(`skipped an invalid proxy profile: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const breakpoints = (Array.isArray(data.breakpoints) ? data.breakpoints : []).filter(
      (b): b is Breakpoint => typeof b === 'object' && b !== null && typeof b.id === 'string' && typeof b.direction === 'string',
    );
    return { profiles, breakpoints, warnings };
  }

  /** Saves (serialised, so the last change wins on disk as in memory). */
  save(profiles: ProxyProfile[], breakpoints: Breakpoint[]): Promise<void> {
    const data: Stored = { version: 1, profiles, breakpoints };
    const text = `${JSON.stringify(data, null, 2)}\n`;
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, text, 0o600));
    return this.writing;
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, loadWindowState, saveWindowState } from '../../../src-main/electron/window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const dirs: string[] = [];
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wb-window-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('window state', () => {
  it('round-trips size, position and maximised state', async () => {
    const d = dir();
    await saveWindowState(d, { x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(await loadWindowState(d, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it('falls back to the default when the file is missing or malformed', async () => {
    const d = dir();
    expect(await loadWindowState(d, screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(join(d, 'window-state.json'), '{not json');
    expect(await loadWindowState(d, screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(join(d, 'window-state.json'), JSON.stringify({ width: 'wide', height: 10 }));
    expect(await loadWindowState(d, screen)).toEqual(DEFAULT_WINDOW);
  });

  it('drops a position that is on no current display (an unplugged monitor) but keeps the size', async () => {
    const d = dir();
    await saveWindowState(d, { x: 2500, y: 100, width: 1000, height: 700, maximized: false });
    expect(await loadWindowState(d, screen)).toEqual({ width: 1000, height: 700, maximized: false });
    expect(await loadWindowState(d, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).toMatchObject({ x: 2500, y: 100 });
  });
});

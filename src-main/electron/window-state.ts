/** The main window's size and position, remembered in `window-state.json` in the data folder. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-file';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Reads the saved state; anything malformed, too small, or off every current display (a monitor was
 * unplugged) falls back to a centred default.
 */
export async function loadWindowState(dataDir: string, displays: Rect[]): Promise<WindowState> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dataDir, 'window-state.json'), 'utf8'));
  } catch {
    return DEFAULT_WINDOW;
  }
  const s = raw as Partial<WindowState>;
  if (!isNum(s.width) || !isNum(s.height) || s.width < 640 || s.height < 400) return DEFAULT_WINDOW;
  const state: WindowState = { width: Math.min(s.width, 10000), height: Math.min(s.height, 10000), maximized: s.maximized === true };
  if (isNum(s.x) && isNum(s.y)) {
    const { x, y } = s;
    const visible = displays.some((d) => x + 100 > d.x && y + 50 > d.y && x < d.x + d.width - 100 && y < d.y + d.height - 50);
    if (visible) Object.assign(state, { x, y });
  }
  return state;
}

export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  await writeFileAtomic(join(dataDir, 'window-state.json'), `${JSON.stringify(state)}\n`);
}

/**
 * File names the store accepts (the same rule as the ACS's file store): letters, digits and `._ ()+-`,
 * not starting with a dot, no separators, no `..`, at most 200 characters. Nothing can leave the folder.
 */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._ ()+-]{0,199}$/;

export function isValidFileName(name: string): boolean {
  return FILE_NAME_PATTERN.test(name) && !name.includes('..');
}

/**
 * Turns a name from the user's disk (`Firmware v2 (ü).bin`, `../x`) into one the store accepts: the base
 * name only, other characters as `_`, dots never leading or doubled. Returns '' when nothing usable is left.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[^A-Za-z0-9._ ()+-]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^A-Za-z0-9_]+/, '')
    .slice(0, 200)
    .trim();
  if (!/[A-Za-z0-9]/.test(name)) name = '';
  return isValidFileName(name) ? name : '';
}

/** A file in the store, as served to CPEs for Download tasks (or stored by their Upload). */
export interface StoredFileInfo {
  name: string;
  size: number;
  /** Last modification, ms since epoch. */
  modified: number;
  /** What a CPE fetches it from (the ACS's HTTP listener), when the ACS is listening. */
  url?: string;
  /** Hex SHA-256 of the content (files up to 256 MiB; larger ones are not hashed). */
  sha256?: string;
}

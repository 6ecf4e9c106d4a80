/**
 * Keyboard hints in the platform's words: ⌥ and ⌘ on macOS, Alt and Ctrl elsewhere (Linux, Windows).
 * Apple's symbols mean nothing on a PC keyboard.
 */

export function isMac(platform: string = typeof navigator === 'undefined' ? '' : navigator.platform || navigator.userAgent): boolean {
  return /Mac|iPhone|iPad/i.test(platform);
}

/** "Alt+1" / "⌥1". */
export function altKey(key: string, mac = isMac()): string {
  return mac ? `⌥${key}` : `Alt+${key}`;
}

/** The command key: "Ctrl+Enter" / "⌘↩". */
export function modKey(key: string, mac = isMac()): string {
  return mac ? `⌘${key === 'Enter' ? '↩' : key}` : `Ctrl+${key}`;
}

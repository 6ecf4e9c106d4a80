export interface ListenerInfo {
  /** `acs-http`, `acs-https`, `ui`, `proxy:<name>`, `files`. */
  name: string;
  url: string;
  listening: boolean;
  error?: string;
}

export interface ServerStatus {
  version: string;
  dataDir: string;
  listeners: ListenerInfo[];
  devicesOnline: number;
  devicesTotal: number;
  capture?: { recording: boolean; file?: string };
  /** `electron` or `headless`. */
  shell: 'electron' | 'headless';
}

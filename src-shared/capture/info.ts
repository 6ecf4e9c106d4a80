/** A capture file in the captures folder (or opened from elsewhere). */
export interface CaptureInfo {
  /** File name inside the captures folder; for a file elsewhere, its base name. */
  name: string;
  path: string;
  size: number;
  modifiedAt: number;
  /** The capture being written now. */
  recording: boolean;
}

export type CaptureExportFormat = 'har' | 'xml-folder' | 'transcript' | 'pcapng';

import type { Finding } from './types';

/** A finding on one message of an exchange: `request` is the HTTP request body (what the CPE sent). */
export interface ExchangeFinding extends Finding {
  exchangeId: string;
  direction: 'request' | 'response';
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export interface ExchangeConformance {
  exchangeId: string;
  deviceId?: string;
  /** The model values were checked against, when the device's root is known. */
  model?: string;
  /** Which bodies were checked (a missing or empty body has nothing to check). */
  checked: { request: boolean; response: boolean };
  findings: ExchangeFinding[];
  counts: FindingCounts;
}

export interface DeviceConformance {
  deviceId: string;
  model?: string;
  /** Exchanges whose bodies were checked. */
  exchanges: number;
  /** Findings on the device's traffic (oldest first), then on its parameter tree (`exchangeId` absent). */
  findings: Array<Finding & { exchangeId?: string; direction?: 'request' | 'response' }>;
  counts: FindingCounts;
  /**
   * Required parameters the ACS never read (`device-required-unread`), and the partial paths that a
   * GetParameterValues task each would read them with (`tasks/create`): what "read them" offers.
   */
  unread?: { parameters: string[]; readPaths: string[] };
}

import type { EventStruct } from '../cwmp/types';
import type { TlsPeerCertificate } from '../traffic/exchange';

/** A device on the bench, keyed by `OUI-ProductClass-SerialNumber` from its Inform. */
export interface DeviceSummary {
  id: string;
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  modelName?: string;
  softwareVersion?: string;
  hardwareVersion?: string;
  /** The data model root the device reports: `Device` (TR-181) or `InternetGatewayDevice` (TR-098). */
  root?: 'Device' | 'InternetGatewayDevice';
  ip?: string;
  connectionRequestUrl?: string;
  /** The CWMP version negotiated with the device. */
  cwmpVersion?: string;
  firstSeen: number;
  lastInform?: number;
  lastEvents?: EventStruct[];
  online: boolean;
  /** Tasks queued and not yet finished. */
  pendingTasks: number;
  /**
   * The client certificate the device presented on the connection of its last Inform, with the ACS's
   * verdict; absent when that Inform came over plain HTTP, mutual TLS was off, or it sent none.
   */
  tlsClientCertificate?: TlsPeerCertificate;
}

/** One node of a device's parameter tree, as the device reported it. */
export interface ParameterNode {
  /** The full path; an object's ends in `.` as on the wire (`Device.WiFi.SSID.1.`). */
  path: string;
  /** True for objects (the path ends in `.`). */
  object: boolean;
  value?: string;
  type?: string;
  writable?: boolean;
  notification?: number;
  accessList?: string[];
  /** When the value (or name, or attributes) was last read from the device, ms since epoch. */
  readAt?: number;
  /**
   * Objects only: when the device last listed everything directly in this object (a GetParameterNames or a
   * partial-path GetParameterValues of it or of an ancestor). Without it, a parameter absent from the tree
   * was never asked for rather than known to be missing.
   */
  listedAt?: number;
}

export interface DeviceDetail extends DeviceSummary {
  parameters: ParameterNode[];
}

export type ConnectionRequestOutcome = 'reached' | 'auth-failed' | 'refused' | 'timed-out' | 'error';

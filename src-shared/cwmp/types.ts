/**
 * CWMP (TR-069 Amendment 6, CWMP 1.0–1.4) message types.
 *
 * Field names are the schema's element names in lowerCamelCase (`DeviceId/SerialNumber` →
 * `deviceId.serialNumber`). Lexical values that a user may want to see exactly as sent (parameter
 * values, dateTimes) stay strings; counts, codes and flags are numbers and booleans.
 * Every RPC is keyed by `name`, so a switch over `rpc.name` narrows it.
 */

/** The cwmp namespace URIs. CWMP 1.3 and 1.4 keep `cwmp-1-2` and negotiate through headers. */
export const CWMP_NAMESPACES = [
  'urn:dslforum-org:cwmp-1-0',
  'urn:dslforum-org:cwmp-1-1',
  'urn:dslforum-org:cwmp-1-2',
  // Not standard; some CPEs send them. Accepted with a warning.
  'urn:dslforum-org:cwmp-1-3',
  'urn:dslforum-org:cwmp-1-4',
] as const;
export type CwmpNamespace = (typeof CWMP_NAMESPACES)[number];

export const CWMP_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4'] as const;
export type CwmpVersion = (typeof CWMP_VERSIONS)[number];

/** SOAP header entries CWMP defines. Absent fields were absent on the wire. */
export interface CwmpHeader {
  id?: string;
  /** `mustUnderstand` on cwmp:ID ("1" in the spec; some CPEs omit it). */
  idMustUnderstand?: boolean;
  holdRequests?: boolean;
  /** Deprecated since CWMP 1.1, still sent by old CPEs. */
  noMoreRequests?: boolean;
  /** Seconds (CWMP 1.2+). */
  sessionTimeout?: number;
  /** Comma-separated list such as "1.0,1.1,1.2,1.3,1.4" (CWMP 1.4). */
  supportedCwmpVersions?: string;
  /** The version the ACS chose (CWMP 1.4). */
  useCwmpVersion?: string;
  /** Header entries the decoder does not know, by element name (prefix stripped), content as parsed. */
  extra?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Structures

export interface ParameterValueStruct {
  name: string;
  /** The value exactly as sent (lexical form). */
  value: string;
  /** The xsi:type as sent, e.g. `xsd:string`, `xsd:unsignedInt`; `''` when it was missing. */
  type: string;
}

export interface ParameterInfoStruct {
  name: string;
  writable: boolean;
}

/** 0 off, 1 passive, 2 active; 3–6 are the CWMP 1.2+ lightweight/passive-lightweight variants. */
export type NotificationValue = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface SetParameterAttributesStruct {
  name: string;
  notificationChange: boolean;
  notification: NotificationValue;
  accessListChange: boolean;
  accessList: string[];
}

export interface ParameterAttributeStruct {
  name: string;
  notification: NotificationValue;
  accessList: string[];
}

export interface DeviceIdStruct {
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
}

export interface EventStruct {
  eventCode: string;
  commandKey: string;
}

export interface FaultStruct {
  faultCode: number;
  faultString: string;
}

export interface TimeWindowStruct {
  windowStart: number;
  windowEnd: number;
  windowMode: string;
  userMessage: string;
  maxRetries: number;
}

export interface QueuedTransferStruct {
  commandKey: string;
  /** 1 not yet started, 2 in progress, 3 completed. */
  state: number;
}

export interface AllQueuedTransferStruct extends QueuedTransferStruct {
  isDownload: boolean;
  fileType: string;
  fileSize: number;
  targetFileName: string;
}

export interface OptionStruct {
  optionName: string;
  voucherSN: number;
  state: number;
  mode: number;
  startDate: string;
  expirationDate?: string;
  isTransferable: boolean;
}

export interface ArgStruct {
  name: string;
  value: string;
}

export type DeploymentUnitOperation =
  | { type: 'Install'; url: string; uuid?: string; username?: string; password?: string; executionEnvRef?: string }
  | { type: 'Update'; uuid?: string; version?: string; url?: string; username?: string; password?: string }
  | { type: 'Uninstall'; uuid: string; version?: string; executionEnvRef?: string };

export interface OpResultStruct {
  uuid: string;
  deploymentUnitRef: string;
  version: string;
  currentState: string;
  resolved: boolean;
  executionUnitRefList: string;
  startTime: string;
  completeTime: string;
  fault: FaultStruct;
}

export interface AutonOpResultStruct extends OpResultStruct {
  operationPerformed: string;
}

// ---------------------------------------------------------------------------------------------
// CPE methods: requests the ACS sends, responses the CPE returns

export interface GetRPCMethods { name: 'GetRPCMethods' }
export interface GetRPCMethodsResponse { name: 'GetRPCMethodsResponse'; methodList: string[] }

export interface SetParameterValues {
  name: 'SetParameterValues';
  parameterList: ParameterValueStruct[];
  parameterKey: string;
}
export interface SetParameterValuesResponse { name: 'SetParameterValuesResponse'; status: number }

export interface GetParameterValues { name: 'GetParameterValues'; parameterNames: string[] }
export interface GetParameterValuesResponse {
  name: 'GetParameterValuesResponse';
  parameterList: ParameterValueStruct[];
}

export interface GetParameterNames { name: 'GetParameterNames'; parameterPath: string; nextLevel: boolean }
export interface GetParameterNamesResponse {
  name: 'GetParameterNamesResponse';
  parameterList: ParameterInfoStruct[];
}

export interface SetParameterAttributes {
  name: 'SetParameterAttributes';
  parameterList: SetParameterAttributesStruct[];
}
export interface SetParameterAttributesResponse { name: 'SetParameterAttributesResponse' }

export interface GetParameterAttributes { name: 'GetParameterAttributes'; parameterNames: string[] }
export interface GetParameterAttributesResponse {
  name: 'GetParameterAttributesResponse';
  parameterList: ParameterAttributeStruct[];
}

export interface AddObject { name: 'AddObject'; objectName: string; parameterKey: string }
export interface AddObjectResponse { name: 'AddObjectResponse'; instanceNumber: number; status: number }

export interface DeleteObject { name: 'DeleteObject'; objectName: string; parameterKey: string }
export interface DeleteObjectResponse { name: 'DeleteObjectResponse'; status: number }

export interface Reboot { name: 'Reboot'; commandKey: string }
export interface RebootResponse { name: 'RebootResponse' }

export interface Download {
  name: 'Download';
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
  fileSize: number;
  targetFileName: string;
  delaySeconds: number;
  successURL: string;
  failureURL: string;
}
export interface DownloadResponse {
  name: 'DownloadResponse';
  /** 0 completed, 1 not yet completed (a TransferComplete follows). */
  status: number;
  startTime: string;
  completeTime: string;
}

export interface Upload {
  name: 'Upload';
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
  delaySeconds: number;
}
export interface UploadResponse { name: 'UploadResponse'; status: number; startTime: string; completeTime: string }

export interface FactoryReset { name: 'FactoryReset' }
export interface FactoryResetResponse { name: 'FactoryResetResponse' }

export interface GetQueuedTransfers { name: 'GetQueuedTransfers' }
export interface GetQueuedTransfersResponse {
  name: 'GetQueuedTransfersResponse';
  transferList: QueuedTransferStruct[];
}

export interface GetAllQueuedTransfers { name: 'GetAllQueuedTransfers' }
export interface GetAllQueuedTransfersResponse {
  name: 'GetAllQueuedTransfersResponse';
  transferList: AllQueuedTransferStruct[];
}

export interface ScheduleInform { name: 'ScheduleInform'; delaySeconds: number; commandKey: string }
export interface ScheduleInformResponse { name: 'ScheduleInformResponse' }

export interface SetVouchers { name: 'SetVouchers'; /** base64 */ voucherList: string[] }
export interface SetVouchersResponse { name: 'SetVouchersResponse' }

export interface GetOptions { name: 'GetOptions'; optionName: string }
export interface GetOptionsResponse { name: 'GetOptionsResponse'; optionList: OptionStruct[] }

export interface CancelTransfer { name: 'CancelTransfer'; commandKey: string }
export interface CancelTransferResponse { name: 'CancelTransferResponse' }

export interface ScheduleDownload {
  name: 'ScheduleDownload';
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
  fileSize: number;
  targetFileName: string;
  timeWindowList: TimeWindowStruct[];
}
export interface ScheduleDownloadResponse { name: 'ScheduleDownloadResponse' }

export interface ChangeDUState {
  name: 'ChangeDUState';
  operations: DeploymentUnitOperation[];
  commandKey: string;
}
export interface ChangeDUStateResponse { name: 'ChangeDUStateResponse' }

// ---------------------------------------------------------------------------------------------
// ACS methods: requests the CPE sends, responses the ACS returns

export interface Inform {
  name: 'Inform';
  deviceId: DeviceIdStruct;
  event: EventStruct[];
  maxEnvelopes: number;
  currentTime: string;
  retryCount: number;
  parameterList: ParameterValueStruct[];
}
export interface InformResponse { name: 'InformResponse'; maxEnvelopes: number }

export interface TransferComplete {
  name: 'TransferComplete';
  commandKey: string;
  faultStruct: FaultStruct;
  startTime: string;
  completeTime: string;
}
export interface TransferCompleteResponse { name: 'TransferCompleteResponse' }

export interface AutonomousTransferComplete {
  name: 'AutonomousTransferComplete';
  announceURL: string;
  transferURL: string;
  isDownload: boolean;
  fileType: string;
  fileSize: number;
  targetFileName: string;
  faultStruct: FaultStruct;
  startTime: string;
  completeTime: string;
}
export interface AutonomousTransferCompleteResponse { name: 'AutonomousTransferCompleteResponse' }

export interface DUStateChangeComplete {
  name: 'DUStateChangeComplete';
  results: OpResultStruct[];
  commandKey: string;
}
export interface DUStateChangeCompleteResponse { name: 'DUStateChangeCompleteResponse' }

export interface AutonomousDUStateChangeComplete {
  name: 'AutonomousDUStateChangeComplete';
  results: AutonOpResultStruct[];
}
export interface AutonomousDUStateChangeCompleteResponse { name: 'AutonomousDUStateChangeCompleteResponse' }

export interface RequestDownload { name: 'RequestDownload'; fileType: string; fileTypeArg: ArgStruct[] }
export interface RequestDownloadResponse { name: 'RequestDownloadResponse' }

export interface Kicked { name: 'Kicked'; command: string; referer: string; arg: string; next: string }
export interface KickedResponse { name: 'KickedResponse'; nextURL: string }

// ---------------------------------------------------------------------------------------------
// Faults

export interface SetParameterValuesFaultStruct {
  parameterName: string;
  faultCode: number;
  faultString: string;
}

/** A SOAP Fault carrying a `cwmp:Fault` detail. */
export interface Fault {
  name: 'Fault';
  /** SOAP `faultcode`: `Client` for 8xxx/9xxx request errors, `Server` otherwise. */
  soapFaultCode: string;
  /** SOAP `faultstring`, conventionally "CWMP fault". */
  soapFaultString: string;
  faultCode: number;
  faultString: string;
  setParameterValuesFault?: SetParameterValuesFaultStruct[];
}

/**
 * A method the decoder does not know (vendor `X_` RPCs, typos). Kept rather than dropped so the
 * ACS can answer it with fault 8000/9000 and the UI can show it.
 */
export interface UnknownRpc {
  name: 'Unknown';
  /** The element name as sent, without prefix. */
  method: string;
  /** The element's content as the XML parser saw it. */
  content: unknown;
}

// ---------------------------------------------------------------------------------------------
// Unions

/** Requests the ACS sends to the CPE. */
export type AcsRequest =
  | GetRPCMethods
  | SetParameterValues
  | GetParameterValues
  | GetParameterNames
  | SetParameterAttributes
  | GetParameterAttributes
  | AddObject
  | DeleteObject
  | Reboot
  | Download
  | Upload
  | FactoryReset
  | GetQueuedTransfers
  | GetAllQueuedTransfers
  | ScheduleInform
  | SetVouchers
  | GetOptions
  | CancelTransfer
  | ScheduleDownload
  | ChangeDUState;

/** Responses the CPE returns to ACS requests. */
export type CpeResponse =
  | GetRPCMethodsResponse
  | SetParameterValuesResponse
  | GetParameterValuesResponse
  | GetParameterNamesResponse
  | SetParameterAttributesResponse
  | GetParameterAttributesResponse
  | AddObjectResponse
  | DeleteObjectResponse
  | RebootResponse
  | DownloadResponse
  | UploadResponse
  | FactoryResetResponse
  | GetQueuedTransfersResponse
  | GetAllQueuedTransfersResponse
  | ScheduleInformResponse
  | SetVouchersResponse
  | GetOptionsResponse
  | CancelTransferResponse
  | ScheduleDownloadResponse
  | ChangeDUStateResponse;

/** Requests the CPE sends to the ACS. */
export type CpeRequest =
  | GetRPCMethods
  | Inform
  | TransferComplete
  | AutonomousTransferComplete
  | DUStateChangeComplete
  | AutonomousDUStateChangeComplete
  | RequestDownload
  | Kicked;

/** Responses the ACS returns to CPE requests. */
export type AcsResponse =
  | GetRPCMethodsResponse
  | InformResponse
  | TransferCompleteResponse
  | AutonomousTransferCompleteResponse
  | DUStateChangeCompleteResponse
  | AutonomousDUStateChangeCompleteResponse
  | RequestDownloadResponse
  | KickedResponse;

/**
 * Elements inside an RPC that the decoder does not know, kept rather than dropped: keyed by their
 * path below the RPC element (`ParameterList/ParameterValueStruct[2]/X_Vendor`), content as parsed.
 */
export interface RpcExtras {
  extra?: Record<string, unknown>;
}

/** Anything that can be the single body element of a CWMP envelope. */
export type Rpc = (AcsRequest | CpeResponse | CpeRequest | AcsResponse | Fault) & RpcExtras;
export type RpcName = Rpc['name'];

export interface DecodeWarning {
  /**
   * Stable machine code, e.g. `missing-xsi-type`, `array-count-mismatch`, `nonstandard-namespace`;
   * `DECODE_WARNINGS` in diagnostics.ts lists and explains them all.
   */
  code: string;
  message: string;
  /** Where in the message, e.g. `Inform/ParameterList/ParameterValueStruct[3]/Value`. */
  path?: string;
}

/** A decoded CWMP envelope. An empty HTTP body (the empty POST) has `rpc: null`. */
export interface CwmpMessage {
  /** The cwmp namespace URI used by the message; `null` for an empty body. */
  namespace: CwmpNamespace | null;
  /**
   * The CWMP version: from `UseCWMPVersion`; else, in the 1-2 namespace, the highest of
   * `SupportedCWMPVersions` (1.2–1.4 all use that namespace); else the namespace's own (1-2 ⇒ "1.2").
   */
  version: CwmpVersion | null;
  header: CwmpHeader;
  rpc: Rpc | UnknownRpc | null;
  warnings: DecodeWarning[];
}

export interface DecodeError {
  /**
   * `too-large`, `too-deep`, `dtd-forbidden`, `truncated`, `mismatched-tag`, `not-xml`,
   * `forbidden-name`, `not-soap`, `no-body` (explained in `DECODE_ERRORS`, diagnostics.ts).
   */
  code: string;
  message: string;
  /** 1-based position of the problem in the text, when known. */
  line?: number;
  column?: number;
}

export type DecodeResult = { ok: true; message: CwmpMessage } | { ok: false; error: DecodeError };

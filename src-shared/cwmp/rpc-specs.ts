/**
 * The shape of every CWMP RPC as data: element names, field keys and lexical kinds, in schema order.
 * The decoder and the encoder both walk these tables, so they cannot disagree about a message.
 */

/** How a leaf's text maps to a value. */
export type LeafKind =
  /** Any string, kept exactly as sent. */
  | 'string'
  /** A parameter or object path: control characters and surrounding whitespace are removed (with a warning). */
  | 'name'
  /** xsd:int / xsd:unsignedInt → number. */
  | 'int'
  /** xsd:boolean → boolean (`true`/`false`/`1`/`0`). */
  | 'bool'
  /** xsd:dateTime, kept as a string but checked. */
  | 'dateTime';

export type FieldKind =
  | LeafKind
  /** ParameterValueStruct's `Value`: string plus its `xsi:type` (sets `value` and `type`). */
  | 'anyValue'
  | { struct: StructSpec }
  | { array: ArraySpec };

export interface FieldSpec {
  /** Element name in the schema. */
  el: string;
  /** Property name in the typed message. */
  key: string;
  kind: FieldKind;
  /** Absent on the wire ⇒ absent (undefined) in the message, without a warning. */
  optional?: boolean;
}

export interface StructSpec {
  /** The struct's type name, used for array items and `arrayType`. */
  type: string;
  fields: FieldSpec[];
}

export interface ArraySpec {
  /** Element name of each item (`ParameterValueStruct`, `string`). */
  item: string;
  /** `SOAP-ENC:arrayType` base, written as `<arrayType>[N]`. */
  arrayType: string;
  of: LeafKind | { struct: StructSpec };
}

const f = (el: string, key: string, kind: FieldKind, optional?: boolean): FieldSpec =>
  optional ? { el, key, kind, optional } : { el, key, kind };
const struct = (type: string, fields: FieldSpec[]): { struct: StructSpec } => ({ struct: { type, fields } });
const arrayOf = (item: string, arrayType: string, of: ArraySpec['of']): { array: ArraySpec } => ({
  array: { item, arrayType, of },
});
const structArray = (s: { struct: StructSpec }): { array: ArraySpec } =>
  arrayOf(s.struct.type, `cwmp:${s.struct.type}`, s);
const strings = arrayOf('string', 'xsd:string', 'string');
const names = arrayOf('string', 'xsd:string', 'name');

export const FAULT_STRUCT = struct('FaultStruct', [f('FaultCode', 'faultCode', 'int'), f('FaultString', 'faultString', 'string')]);

export const PARAMETER_VALUE_STRUCT = struct('ParameterValueStruct', [
  f('Name', 'name', 'name'),
  f('Value', 'value', 'anyValue'),
]);

const PARAMETER_INFO_STRUCT = struct('ParameterInfoStruct', [f('Name', 'name', 'name'), f('Writable', 'writable', 'bool')]);

const SET_PARAMETER_ATTRIBUTES_STRUCT = struct('SetParameterAttributesStruct', [
  f('Name', 'name', 'name'),
  f('NotificationChange', 'notificationChange', 'bool'),
  f('Notification', 'notification', 'int'),
  f('AccessListChange', 'accessListChange', 'bool'),
  f('AccessList', 'accessList', strings),
]);

const PARAMETER_ATTRIBUTE_STRUCT = struct('ParameterAttributeStruct', [
  f('Name', 'name', 'name'),
  f('Notification', 'notification', 'int'),
  f('AccessList', 'accessList', strings),
]);

const DEVICE_ID_STRUCT = struct('DeviceIdStruct', [
  f('Manufacturer', 'manufacturer', 'string'),
  f('OUI', 'oui', 'string'),
  f('ProductClass', 'productClass', 'string'),
  f('SerialNumber', 'serialNumber', 'string'),
]);

const EVENT_STRUCT = struct('EventStruct', [f('EventCode', 'eventCode', 'string'), f('CommandKey', 'commandKey', 'string')]);

const TIME_WINDOW_STRUCT = struct('TimeWindowStruct', [
  f('WindowStart', 'windowStart', 'int'),
  f('WindowEnd', 'windowEnd', 'int'),
  f('WindowMode', 'windowMode', 'string'),
  f('UserMessage', 'userMessage', 'string'),
  f('MaxRetries', 'maxRetries', 'int'),
]);

const QUEUED_TRANSFER_FIELDS = [f('CommandKey', 'commandKey', 'string'), f('State', 'state', 'int')];
const QUEUED_TRANSFER_STRUCT = struct('QueuedTransferStruct', QUEUED_TRANSFER_FIELDS);

const ALL_QUEUED_TRANSFER_STRUCT = struct('AllQueuedTransferStruct', [
  ...QUEUED_TRANSFER_FIELDS,
  f('IsDownload', 'isDownload', 'bool'),
  f('FileType', 'fileType', 'string'),
  f('FileSize', 'fileSize', 'int'),
  f('TargetFileName', 'targetFileName', 'string'),
]);

const OPTION_STRUCT = struct('OptionStruct', [
  f('OptionName', 'optionName', 'string'),
  f('VoucherSN', 'voucherSN', 'int'),
  f('State', 'state', 'int'),
  f('Mode', 'mode', 'int'),
  f('StartDate', 'startDate', 'dateTime'),
  f('ExpirationDate', 'expirationDate', 'dateTime', true),
  f('IsTransferable', 'isTransferable', 'bool'),
]);

const ARG_STRUCT = struct('ArgStruct', [f('Name', 'name', 'string'), f('Value', 'value', 'string')]);

const OP_RESULT_FIELDS: FieldSpec[] = [
  f('UUID', 'uuid', 'string'),
  f('DeploymentUnitRef', 'deploymentUnitRef', 'string'),
  f('Version', 'version', 'string'),
  f('CurrentState', 'currentState', 'string'),
  f('Resolved', 'resolved', 'bool'),
  f('ExecutionUnitRefList', 'executionUnitRefList', 'string'),
  f('StartTime', 'startTime', 'dateTime'),
  f('CompleteTime', 'completeTime', 'dateTime'),
  f('Fault', 'fault', FAULT_STRUCT),
];
const OP_RESULT_STRUCT = struct('OpResultStruct', OP_RESULT_FIELDS);
const AUTON_OP_RESULT_STRUCT = struct('AutonOpResultStruct', [
  ...OP_RESULT_FIELDS,
  f('OperationPerformed', 'operationPerformed', 'string'),
]);

/**
 * ChangeDUState's operations: repeated `Operations` elements whose `xsi:type` names the subtype
 * (`cwmp:InstallOpStruct`), keyed here by the `type` of `DeploymentUnitOperation`.
 */
export const DU_OPERATION_STRUCTS = {
  Install: struct('InstallOpStruct', [
    f('URL', 'url', 'string'),
    f('UUID', 'uuid', 'string', true),
    f('Username', 'username', 'string', true),
    f('Password', 'password', 'string', true),
    f('ExecutionEnvRef', 'executionEnvRef', 'string', true),
  ]),
  Update: struct('UpdateOpStruct', [
    f('UUID', 'uuid', 'string', true),
    f('Version', 'version', 'string', true),
    f('URL', 'url', 'string', true),
    f('Username', 'username', 'string', true),
    f('Password', 'password', 'string', true),
  ]),
  Uninstall: struct('UninstallOpStruct', [
    f('UUID', 'uuid', 'string'),
    f('Version', 'version', 'string', true),
    f('ExecutionEnvRef', 'executionEnvRef', 'string', true),
  ]),
} as const;

const download = [
  f('CommandKey', 'commandKey', 'string'),
  f('FileType', 'fileType', 'string'),
  f('URL', 'url', 'string'),
  f('Username', 'username', 'string'),
  f('Password', 'password', 'string'),
  f('FileSize', 'fileSize', 'int'),
  f('TargetFileName', 'targetFileName', 'string'),
];

const transferResult = [f('Status', 'status', 'int'), f('StartTime', 'startTime', 'dateTime'), f('CompleteTime', 'completeTime', 'dateTime')];

/**
 * Field specs of every RPC but `Fault` (SOAP-level, handled apart) and `ChangeDUState`'s operations
 * (a mixed, ordered list). Keyed by the RPC element name, which is also the message's `name`.
 */
export const RPC_SPECS: Record<string, FieldSpec[]> = {
  // CPE methods
  GetRPCMethods: [],
  GetRPCMethodsResponse: [f('MethodList', 'methodList', strings)],
  SetParameterValues: [
    f('ParameterList', 'parameterList', structArray(PARAMETER_VALUE_STRUCT)),
    f('ParameterKey', 'parameterKey', 'string'),
  ],
  SetParameterValuesResponse: [f('Status', 'status', 'int')],
  GetParameterValues: [f('ParameterNames', 'parameterNames', names)],
  GetParameterValuesResponse: [f('ParameterList', 'parameterList', structArray(PARAMETER_VALUE_STRUCT))],
  GetParameterNames: [f('ParameterPath', 'parameterPath', 'name'), f('NextLevel', 'nextLevel', 'bool')],
  GetParameterNamesResponse: [f('ParameterList', 'parameterList', structArray(PARAMETER_INFO_STRUCT))],
  SetParameterAttributes: [f('ParameterList', 'parameterList', structArray(SET_PARAMETER_ATTRIBUTES_STRUCT))],
  SetParameterAttributesResponse: [],
  GetParameterAttributes: [f('ParameterNames', 'parameterNames', names)],
  GetParameterAttributesResponse: [f('ParameterList', 'parameterList', structArray(PARAMETER_ATTRIBUTE_STRUCT))],
  AddObject: [f('ObjectName', 'objectName', 'name'), f('ParameterKey', 'parameterKey', 'string')],
  AddObjectResponse: [f('InstanceNumber', 'instanceNumber', 'int'), f('Status', 'status', 'int')],
  DeleteObject: [f('ObjectName', 'objectName', 'name'), f('ParameterKey', 'parameterKey', 'string')],
  DeleteObjectResponse: [f('Status', 'status', 'int')],
  Reboot: [f('CommandKey', 'commandKey', 'string')],
  RebootResponse: [],
  Download: [
    ...download,
    f('DelaySeconds', 'delaySeconds', 'int'),
    f('SuccessURL', 'successURL', 'string'),
    f('FailureURL', 'failureURL', 'string'),
  ],
  DownloadResponse: transferResult,
  Upload: [...download.slice(0, 5), f('DelaySeconds', 'delaySeconds', 'int')],
  UploadResponse: transferResult,
  FactoryReset: [],
  FactoryResetResponse: [],
  GetQueuedTransfers: [],
  GetQueuedTransfersResponse: [f('TransferList', 'transferList', structArray(QUEUED_TRANSFER_STRUCT))],
  GetAllQueuedTransfers: [],
  GetAllQueuedTransfersResponse: [f('TransferList', 'transferList', structArray(ALL_QUEUED_TRANSFER_STRUCT))],
  ScheduleInform: [f('DelaySeconds', 'delaySeconds', 'int'), f('CommandKey', 'commandKey', 'string')],
  ScheduleInformResponse: [],
  SetVouchers: [f('VoucherList', 'voucherList', arrayOf('base64', 'xsd:base64', 'string'))],
  SetVouchersResponse: [],
  GetOptions: [f('OptionName', 'optionName', 'string')],
  GetOptionsResponse: [f('OptionList', 'optionList', structArray(OPTION_STRUCT))],
  CancelTransfer: [f('CommandKey', 'commandKey', 'string')],
  CancelTransferResponse: [],
  ScheduleDownload: [...download, f('TimeWindowList', 'timeWindowList', structArray(TIME_WINDOW_STRUCT))],
  ScheduleDownloadResponse: [],
  // Operations are decoded and encoded apart (see DU_OPERATION_STRUCTS); CommandKey follows them.
  ChangeDUState: [f('CommandKey', 'commandKey', 'string')],
  ChangeDUStateResponse: [],
  // ACS methods
  Inform: [
    f('DeviceId', 'deviceId', DEVICE_ID_STRUCT),
    f('Event', 'event', structArray(EVENT_STRUCT)),
    f('MaxEnvelopes', 'maxEnvelopes', 'int'),
    f('CurrentTime', 'currentTime', 'dateTime'),
    f('RetryCount', 'retryCount', 'int'),
    f('ParameterList', 'parameterList', structArray(PARAMETER_VALUE_STRUCT)),
  ],
  InformResponse: [f('MaxEnvelopes', 'maxEnvelopes', 'int')],
  TransferComplete: [
    f('CommandKey', 'commandKey', 'string'),
    f('FaultStruct', 'faultStruct', FAULT_STRUCT),
    f('StartTime', 'startTime', 'dateTime'),
    f('CompleteTime', 'completeTime', 'dateTime'),
  ],
  TransferCompleteResponse: [],
  AutonomousTransferComplete: [
    f('AnnounceURL', 'announceURL', 'string'),
    f('TransferURL', 'transferURL', 'string'),
    f('IsDownload', 'isDownload', 'bool'),
    f('FileType', 'fileType', 'string'),
    f('FileSize', 'fileSize', 'int'),
    f('TargetFileName', 'targetFileName', 'string'),
    f('FaultStruct', 'faultStruct', FAULT_STRUCT),
    f('StartTime', 'startTime', 'dateTime'),
    f('CompleteTime', 'completeTime', 'dateTime'),
  ],
  AutonomousTransferCompleteResponse: [],
  DUStateChangeComplete: [
    f('Results', 'results', structArray(OP_RESULT_STRUCT)),
    f('CommandKey', 'commandKey', 'string'),
  ],
  DUStateChangeCompleteResponse: [],
  AutonomousDUStateChangeComplete: [f('Results', 'results', structArray(AUTON_OP_RESULT_STRUCT))],
  AutonomousDUStateChangeCompleteResponse: [],
  RequestDownload: [f('FileType', 'fileType', 'string'), f('FileTypeArg', 'fileTypeArg', structArray(ARG_STRUCT))],
  RequestDownloadResponse: [],
  Kicked: [
    f('Command', 'command', 'string'),
    f('Referer', 'referer', 'string'),
    f('Arg', 'arg', 'string'),
    f('Next', 'next', 'string'),
  ],
  KickedResponse: [f('NextURL', 'nextURL', 'string')],
};

/** The operation type each `Operations` xsi:type (local part) stands for. */
export const DU_OPERATION_BY_XSI_TYPE: Record<string, keyof typeof DU_OPERATION_STRUCTS> = {
  InstallOpStruct: 'Install',
  UpdateOpStruct: 'Update',
  UninstallOpStruct: 'Uninstall',
};

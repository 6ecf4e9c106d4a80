/**
 * The RPC names of each direction, as lists. One place for them so the ACS session, the simulator and
 * the conformance checks cannot disagree about which side sends what; each list is checked against
 * its union in types.ts, so adding an RPC there without adding it here fails the build.
 */
import type { AcsRequest, AcsResponse, CpeRequest, CpeResponse } from './types';

/** A list of names from `All` that fails to compile (naming what is missing) unless it names them all. */
function allOf<All extends string>() {
  return <const L extends readonly All[]>(
    names: L & ([Exclude<All, L[number]>] extends [never] ? unknown : { missing: Exclude<All, L[number]> }),
  ): L => names;
}

/** Methods the CPE implements: what the ACS may send (a CPE's answer to GetRPCMethods). */
export const ACS_REQUEST_NAMES = allOf<AcsRequest['name']>()([
  'GetRPCMethods',
  'SetParameterValues',
  'GetParameterValues',
  'GetParameterNames',
  'SetParameterAttributes',
  'GetParameterAttributes',
  'AddObject',
  'DeleteObject',
  'Reboot',
  'Download',
  'Upload',
  'FactoryReset',
  'GetQueuedTransfers',
  'GetAllQueuedTransfers',
  'ScheduleInform',
  'SetVouchers',
  'GetOptions',
  'CancelTransfer',
  'ScheduleDownload',
  'ChangeDUState',
]);

/** What the CPE answers to each of `ACS_REQUEST_NAMES`. */
export const CPE_RESPONSE_NAMES = allOf<CpeResponse['name']>()([
  'GetRPCMethodsResponse',
  'SetParameterValuesResponse',
  'GetParameterValuesResponse',
  'GetParameterNamesResponse',
  'SetParameterAttributesResponse',
  'GetParameterAttributesResponse',
  'AddObjectResponse',
  'DeleteObjectResponse',
  'RebootResponse',
  'DownloadResponse',
  'UploadResponse',
  'FactoryResetResponse',
  'GetQueuedTransfersResponse',
  'GetAllQueuedTransfersResponse',
  'ScheduleInformResponse',
  'SetVouchersResponse',
  'GetOptionsResponse',
  'CancelTransferResponse',
  'ScheduleDownloadResponse',
  'ChangeDUStateResponse',
]);

/** Methods the ACS implements: what the CPE may send (an ACS's answer to GetRPCMethods). */
export const CPE_REQUEST_NAMES = allOf<CpeRequest['name']>()([
  'Inform',
  'GetRPCMethods',
  'TransferComplete',
  'AutonomousTransferComplete',
  'DUStateChangeComplete',
  'AutonomousDUStateChangeComplete',
  'RequestDownload',
  'Kicked',
]);

/** What the ACS answers to each of `CPE_REQUEST_NAMES`. */
export const ACS_RESPONSE_NAMES = allOf<AcsResponse['name']>()([
  'InformResponse',
  'GetRPCMethodsResponse',
  'TransferCompleteResponse',
  'AutonomousTransferCompleteResponse',
  'DUStateChangeCompleteResponse',
  'AutonomousDUStateChangeCompleteResponse',
  'RequestDownloadResponse',
  'KickedResponse',
]);

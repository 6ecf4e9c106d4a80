import type { RawRequest } from '../../src-shared/api/tasks';
import type { AcsRequest, CpeResponse, UnknownRpc } from '../../src-shared/cwmp/types';
import type { ParameterStore } from './parameter-store';

/**
 * What a task's response teaches about the device's parameter tree. Returns the changed paths.
 * GPN adds names and writability, GPV values and types, GPA attributes, SPA the requested attributes,
 * AddObject the new instance, DeleteObject removes it, SPV the new values once the status is 0 or 1.
 */
export function applyTaskResult(
  tree: ParameterStore,
  request: AcsRequest | RawRequest,
  result: CpeResponse | UnknownRpc | { name: string },
  now: number,
): string[] {
  const response = result as CpeResponse;
  switch (request.name) {
    case 'GetParameterNames':
      return response.name === 'GetParameterNamesResponse' ? tree.mergeNames(response.parameterList, request.parameterPath, request.nextLevel, now) : [];
    case 'GetParameterValues':
      return response.name === 'GetParameterValuesResponse' ? tree.mergeValues(response.parameterList, now, request.parameterNames) : [];
    case 'GetParameterAttributes':
      return response.name === 'GetParameterAttributesResponse' ? tree.mergeAttributes(response.parameterList, now) : [];
    case 'SetParameterAttributes':
      return response.name === 'SetParameterAttributesResponse' ? tree.applySetAttributes(request.parameterList) : [];
    case 'SetParameterValues':
      return response.name === 'SetParameterValuesResponse' && (response.status === 0 || response.status === 1)
        ? tree.applySetValues(request.parameterList, now)
        : [];
    case 'AddObject':
      return response.name === 'AddObjectResponse' ? tree.addInstance(request.objectName, response.instanceNumber, now) : [];
    case 'DeleteObject':
      return response.name === 'DeleteObjectResponse' ? tree.deleteObject(request.objectName) : [];
    case 'GetRPCMethods':
    case 'Reboot':
    case 'Download':
    case 'Upload':
    case 'FactoryReset':
    case 'GetQueuedTransfers':
    case 'GetAllQueuedTransfers':
    case 'ScheduleInform':
    case 'SetVouchers':
    case 'GetOptions':
    case 'CancelTransfer':
    case 'ScheduleDownload':
    case 'ChangeDUState':
    case 'Raw':
      return [];
    default:
      return assertNever(request);
  }
}

function assertNever(x: never): never {
  throw new Error(`Unhandled request: ${JSON.stringify(x)}`);
}

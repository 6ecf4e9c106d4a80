/** What a simulated CPE produces for an Upload and for ChangeDUState: pure functions of its state. */
import { randomUUID } from 'node:crypto';
import type { DeploymentUnitOperation, FaultStruct, OpResultStruct } from '../../src-shared/cwmp/types';
import type { ParamTree } from './param-tree';
import type { DeploymentUnit } from './rpc';

const NO_FAULT: FaultStruct = { faultCode: 0, faultString: '' };

/** The file an Upload sends: a log line for log files, else every (non-hidden) parameter as XML. */
export function uploadBody(tree: ParamTree, deviceId: string, fileType: string): string {
  if (fileType.includes('Log')) return `${new Date().toISOString()} ${deviceId} simulated log: up ${tree.get(`${tree.root}DeviceInfo.UpTime`)} s\n`;
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<config device="${esc(deviceId)}">`];
  for (const n of tree.params(tree.root)) {
    if (!n.param?.hidden) lines.push(`  <param name="${esc(n.path)}">${esc(tree.get(n.path))}</param>`);
  }
  lines.push('</config>', '');
  return lines.join('\n');
}

/** Applies install/update/uninstall operations to the device's deployment units; one result per operation. */
export function applyDuOperations(dus: DeploymentUnit[], ops: DeploymentUnitOperation[]): OpResultStruct[] {
  const now = new Date().toISOString();
  return ops.map((op) => {
    const base = { deploymentUnitRef: '', version: '', executionUnitRefList: '', startTime: now, completeTime: now, resolved: true };
    const fail = (uuid: string, code: number, text: string): OpResultStruct => ({
      ...base,
      uuid,
      currentState: 'Failed',
      resolved: false,
      fault: { faultCode: code, faultString: text },
    });
    const ok = (du: DeploymentUnit, currentState: string): OpResultStruct => ({
      ...base,
      uuid: du.uuid,
      deploymentUnitRef: du.ref,
      version: du.version,
      currentState,
      fault: NO_FAULT,
    });
    switch (op.type) {
      case 'Install': {
        const uuid = op.uuid || randomUUID();
        if (dus.some((d) => d.uuid === uuid)) return fail(uuid, 9026, 'Duplicate deployment unit');
        const du = { uuid, version: '1.0', url: op.url, ref: `Device.SoftwareModules.DeploymentUnit.${dus.length + 1}` };
        dus.push(du);
        return ok(du, 'Installed');
      }
      case 'Update': {
        const du = dus.find((d) => d.uuid === op.uuid);
        if (!du) return fail(op.uuid ?? '', 9028, 'Unknown deployment unit');
        du.version = op.version || du.version;
        if (op.url) du.url = op.url;
        return ok(du, 'Installed');
      }
      case 'Uninstall': {
        const i = dus.findIndex((d) => d.uuid === op.uuid);
        if (i < 0) return fail(op.uuid, 9028, 'Unknown deployment unit');
        const [du] = dus.splice(i, 1);
        return ok(du, 'Uninstalled');
      }
      default: {
        const never: never = op;
        return fail('', 9003, `unknown operation ${JSON.stringify(never)}`);
      }
    }
  });
}

/**
 * A device rebuilt from a trace: identity and Inform from the recorded Inform, and a parameter tree from
 * every value the trace reveals — Inform parameters, GetParameterValues/Names/Attributes answers, values
 * set and applied, objects added and deleted. It is the virtual CPE's starting state and, saved as JSON,
 * a simulator profile (`serve --sim N --sim-profile FILE`). Pure: it reads a replay script.
 */
import type { DeviceIdStruct, ParameterValueStruct } from '../cwmp/types';
import type { ReplayScript } from './script';

export const DEVICE_IMAGE_FORMAT = 'cwmp-workbench-device';

export interface ImageParameter {
  name: string;
  value: string;
  /** The xsi:type as the device reported it (`xsd:unsignedInt`); '' when never reported. */
  type: string;
  /** From GetParameterNames; absent when the trace never said. */
  writable?: boolean;
  /** From GetParameterAttributes / SetParameterAttributes. */
  notification?: number;
}

export interface ImageObject {
  /** With its trailing dot, e.g. `Device.NAT.PortMapping.1.`. */
  path: string;
  writable?: boolean;
}

export interface DeviceImage {
  format: typeof DEVICE_IMAGE_FORMAT;
  version: 1;
  deviceId: DeviceIdStruct;
  /** `Device.` (TR-181) or `InternetGatewayDevice.` (TR-098). */
  root: string;
  cwmpVersion: '1.0' | '1.2' | '1.4';
  /** The names the recorded Inform's ParameterList carried, in order. */
  informParameters: string[];
  /** The recorded periodic interval (from the parameter, else from the gaps between PERIODIC sessions). */
  periodicInformIntervalSec?: number;
  parameters: ImageParameter[];
  objects: ImageObject[];
  /** What it was built from, in words. */
  source?: string;
}

function parentObject(name: string): string {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  return trimmed.slice(0, trimmed.lastIndexOf('.') + 1);
}

class Builder {
  readonly params = new Map<string, ImageParameter>();
  readonly objects = new Map<string, ImageObject>();

  object(path: string, writable?: boolean): void {
    for (let p = path; p.includes('.'); p = parentObject(p)) {
      const known = this.objects.get(p);
      if (!known) this.objects.set(p, writable !== undefined && p === path ? { path: p, writable } : { path: p });
      else if (p === path && writable !== undefined) known.writable = writable;
      if (parentObject(p) === '') break;
    }
  }

  value(v: ParameterValueStruct): void {
    const known = this.params.get(v.name);
    if (known) {
      known.value = v.value;
      if (v.type) known.type = v.type;
    } else {
      this.params.set(v.name, { name: v.name, value: v.value, type: v.type });
      this.object(parentObject(v.name));
    }
  }

  name(name: string, writable: boolean): void {
    if (name.endsWith('.')) return this.object(name, writable);
    const known = this.params.get(name);
    if (known) known.writable = writable;
    else {
      this.params.set(name, { name, value: '', type: '', writable });
      this.object(parentObject(name));
    }
  }

  remove(path: string): void {
    for (const k of [...this.params.keys()]) if (k.startsWith(path)) this.params.delete(k);
    for (const k of [...this.objects.keys()]) if (k.startsWith(path)) this.objects.delete(k);
  }
}

function cwmpVersionOf(ns: string | undefined): '1.0' | '1.2' | '1.4' {
  if (ns?.endsWith('1-0') || ns?.endsWith('1-1')) return '1.0';
  return '1.2';
}

/** Rebuilds the device of a replay script; throws when the trace holds no Inform to take its identity from. */
export function rebuildDevice(script: ReplayScript): DeviceImage {
  const b = new Builder();
  const firstInform = script.sessions.find((s) => s.inform)?.inform;
  if (!firstInform) throw new Error('the trace holds no Inform: the device cannot be rebuilt');
  let lastInform = firstInform;
  const periodicStarts: number[] = [];
  for (const s of script.sessions) {
    if (s.inform) {
      lastInform = s.inform;
      for (const p of s.inform.parameterList) b.value(p);
    }
    if (s.events.includes('2 PERIODIC')) periodicStarts.push(s.startedAt);
    for (const { request, answer } of s.rpcs) {
      if (!answer) continue;
      if (answer.name === 'GetParameterValuesResponse') for (const p of answer.parameterList) b.value(p);
      else if (answer.name === 'GetParameterNamesResponse') for (const p of answer.parameterList) b.name(p.name, p.writable);
      else if (answer.name === 'GetParameterAttributesResponse') {
        for (const a of answer.parameterList) {
          if (!b.params.has(a.name) && !a.name.endsWith('.')) b.value({ name: a.name, value: '', type: '' });
          const p = b.params.get(a.name);
          if (p) p.notification = a.notification;
        }
      } else if (answer.name === 'SetParameterValuesResponse' && request.name === 'SetParameterValues') {
        for (const p of request.parameterList) {
          const known = b.params.get(p.name);
          b.value({ name: p.name, value: p.value, type: known?.type || p.type });
          b.params.get(p.name)!.writable = true;
        }
      } else if (answer.name === 'SetParameterAttributesResponse' && request.name === 'SetParameterAttributes') {
        for (const a of request.parameterList) {
          const p = b.params.get(a.name);
          if (p && a.notificationChange) p.notification = a.notification;
        }
      } else if (answer.name === 'AddObjectResponse' && request.name === 'AddObject') {
        b.object(request.objectName, true);
        b.object(`${request.objectName}${answer.instanceNumber}.`, true);
      } else if (answer.name === 'DeleteObjectResponse' && request.name === 'DeleteObject') {
        b.remove(request.objectName);
      }
    }
  }
  const names = [...b.params.keys()];
  const root = names.some((n) => n.startsWith('InternetGatewayDevice.')) && !names.some((n) => n.startsWith('Device.')) ? 'InternetGatewayDevice.' : 'Device.';
  b.object(root);
  const intervalParam = Number(b.params.get(`${root}ManagementServer.PeriodicInformInterval`)?.value);
  const gaps = periodicStarts.slice(1).map((t, i) => Math.round((t - periodicStarts[i]) / 1000)).filter((g) => g > 0).sort((x, y) => x - y);
  const interval = intervalParam >= 1 ? intervalParam : gaps.length ? gaps[Math.floor(gaps.length / 2)] : undefined;
  const sortedObjects = [...b.objects.values()].sort((x, y) => x.path.localeCompare(y.path, 'en', { numeric: true }));
  return {
    format: DEVICE_IMAGE_FORMAT,
    version: 1,
    deviceId: { ...lastInform.deviceId },
    root,
    cwmpVersion: cwmpVersionOf(script.namespace),
    informParameters: lastInform.parameterList.map((p) => p.name),
    ...(interval !== undefined ? { periodicInformIntervalSec: interval } : {}),
    parameters: [...b.params.values()].sort((x, y) => x.name.localeCompare(y.name, 'en', { numeric: true })),
    objects: sortedObjects,
    source: `${script.sessions.length} recorded session(s) of ${script.device ?? 'an unnamed device'}`,
  };
}

/** Checks a parsed JSON value is a device image (for profiles read from files); returns the reason if not. */
export function deviceImageProblem(v: unknown): string | null {
  if (!v || typeof v !== 'object') return 'not a JSON object';
  const o = v as Partial<DeviceImage>;
  if (o.format !== DEVICE_IMAGE_FORMAT) return `not a device profile (format is not "${DEVICE_IMAGE_FORMAT}")`;
  if (o.version !== 1) return `device profile version ${String(o.version)} is not supported`;
  const id = o.deviceId;
  if (!id || typeof id.oui !== 'string' || typeof id.productClass !== 'string' || typeof id.serialNumber !== 'string' || typeof id.manufacturer !== 'string') return 'deviceId must have manufacturer, oui, productClass and serialNumber';
  if (o.root !== 'Device.' && o.root !== 'InternetGatewayDevice.') return 'root must be "Device." or "InternetGatewayDevice."';
  if (!Array.isArray(o.parameters) || o.parameters.some((p) => !p || typeof p.name !== 'string' || typeof p.value !== 'string' || !p.name.startsWith(o.root!))) return `parameters must be { name, value, type } under ${o.root}`;
  if (!Array.isArray(o.objects) || o.objects.some((p) => !p || typeof p.path !== 'string' || !p.path.endsWith('.') || !p.path.startsWith(o.root!))) return `objects must be { path } ending in "." under ${o.root}`;
  if (!Array.isArray(o.informParameters)) return 'informParameters must be a list';
  return null;
}

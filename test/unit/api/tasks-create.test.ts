import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../src-shared/api/client';
import { dispatch } from '../../../src-shared/api/dispatch';
import { DU_OPERATION_STRUCTS, RPC_SPECS, type FieldSpec } from '../../../src-shared/cwmp/rpc-specs';
import { ACS_REQUEST_FIELDS, ACS_REQUEST_NAMES, parseTaskRpc } from '../../../src-shared/tasks/request-schema';

/** A tasks/create handler that records what reached it. */
function recorder(): { handlers: ApiHandlers; seen: unknown[] } {
  const seen: unknown[] = [];
  const handlers = {
    'tasks/create': (params: unknown) => {
      seen.push(params);
      return { taskId: 't1' };
    },
  } as unknown as ApiHandlers;
  return { handlers, seen };
}

describe('tasks/create at the boundary: a union keyed by RPC name', () => {
  it('refuses an unknown RPC before any service sees it, naming the requests there are', async () => {
    const { handlers, seen } = recorder();
    const out = await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'Rebot' } });
    expect(out).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    if (out.ok) return;
    expect(out.error.message).toMatch(/Unknown ACS request "Rebot"; expected one of .*Reboot.*Raw/);
    expect(out.error.message).toMatch(/at rpc\.name$/);
    expect(seen).toEqual([]);
  });

  it('refuses a known RPC with a wrong field, naming the field', async () => {
    const { handlers, seen } = recorder();
    const missing = await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'AddObject' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/at rpc\.objectName$/) } });
    const wrongType = await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'GetParameterValues', parameterNames: 'Device.' } });
    expect(wrongType).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at rpc\.parameterNames$/) } });
    const nested = await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'SetParameterValues', parameterList: [{ name: 'A.B', value: 1 }] } });
    expect(nested).toMatchObject({ ok: false, error: { message: expect.stringMatching(/at rpc\.parameterList\.0\.value$/) } });
    const misspelt = await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'Reboot', comandKey: 'x' } });
    expect(misspelt).toMatchObject({ ok: false, error: { message: expect.stringMatching(/comandKey/) } });
    const raw = await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'Raw' } });
    expect(raw).toMatchObject({ ok: false, error: { message: expect.stringMatching(/xml/) } });
    expect(seen).toEqual([]);
  });

  it('passes a good request through, Raw included', async () => {
    const { handlers, seen } = recorder();
    expect(await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'Reboot', commandKey: 'rb' }, connectionRequest: true })).toEqual({ ok: true, result: { taskId: 't1' } });
    expect(await dispatch(handlers, 'tasks/create', { deviceId: 'D', rpc: { name: 'Raw', xml: '<x/>' } })).toMatchObject({ ok: true });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ deviceId: 'D', rpc: { name: 'Reboot', commandKey: 'rb' }, connectionRequest: true });
  });

  it('parseTaskRpc fills the defaults the spec gives and says which field is wrong', () => {
    expect(parseTaskRpc({ name: 'Reboot' })).toEqual({ name: 'Reboot', commandKey: '' });
    expect(() => parseTaskRpc({ name: 'Nope' })).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(/^Unknown ACS request "Nope"/) }));
    expect(() => parseTaskRpc({ name: 'DeleteObject', objectName: '' })).toThrow(/^DeleteObject: .* at objectName$/);
  });
});

describe('the request schemas follow cwmp/rpc-specs.ts', () => {
  const keys = (fields: FieldSpec[]): string[] => fields.map((f) => f.key).sort();
  const shapeKeys = (o: { shape: Record<string, unknown> }): string[] => Object.keys(o.shape).sort();
  /** The object schema inside a (possibly defaulted) array field. */
  const itemOf = (schema: unknown): { shape: Record<string, unknown> } => {
    let s = schema as { def: { type: string; innerType?: unknown; element?: unknown } };
    while (s.def.type === 'default' || s.def.type === 'optional') s = s.def.innerType as typeof s;
    return s.def.element as { shape: Record<string, unknown> };
  };
  const structOf = (rpc: string, key: string): FieldSpec[] => {
    const kind = RPC_SPECS[rpc].find((f) => f.key === key)!.kind as { array: { of: { struct: { fields: FieldSpec[] } } } };
    return kind.array.of.struct.fields;
  };

  it('every ACS request has the fields its spec has, no more, no fewer', () => {
    expect(ACS_REQUEST_NAMES.length).toBe(20);
    for (const name of ACS_REQUEST_NAMES) {
      expect(RPC_SPECS[name], name).toBeDefined();
      // ChangeDUState's operations are a mixed list kept apart from the spec table.
      const want = name === 'ChangeDUState' ? [...keys(RPC_SPECS[name]), 'operations'].sort() : keys(RPC_SPECS[name]);
      expect(shapeKeys(ACS_REQUEST_FIELDS[name]), name).toEqual(want);
    }
  });

  it('and so do the structs inside them', () => {
    // `Value` is an anyValue: its text and its xsi:type.
    expect(shapeKeys(itemOf(ACS_REQUEST_FIELDS.SetParameterValues.shape.parameterList))).toEqual([...keys(structOf('SetParameterValues', 'parameterList')), 'type'].sort());
    expect(shapeKeys(itemOf(ACS_REQUEST_FIELDS.SetParameterAttributes.shape.parameterList))).toEqual(keys(structOf('SetParameterAttributes', 'parameterList')));
    expect(shapeKeys(itemOf(ACS_REQUEST_FIELDS.ScheduleDownload.shape.timeWindowList))).toEqual(keys(structOf('ScheduleDownload', 'timeWindowList')));
    const ops = (itemOf(ACS_REQUEST_FIELDS.ChangeDUState.shape.operations) as unknown as { def: { options: Array<{ shape: Record<string, { def: { values: string[] } }> }> } }).def.options;
    for (const op of ops) {
      const type = op.shape.type.def.values[0] as keyof typeof DU_OPERATION_STRUCTS;
      expect(Object.keys(op.shape).filter((k) => k !== 'type').sort(), type).toEqual(keys(DU_OPERATION_STRUCTS[type].struct.fields));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { diffAnswers } from '../../../src-shared/replay/diff';
import { sideBySide } from '../../../src-shared/replay/side-by-side';

describe('sideBySide', () => {
  it('one row per parameter, recorded left and replayed right, the reported differences marked', () => {
    const recorded = { name: 'GetParameterValuesResponse' as const, parameterList: [{ name: 'A.x', value: '1', type: 'xsd:int' }, { name: 'A.up', value: '5', type: 'xsd:int' }, { name: 'A.gone', value: 'g', type: 'xsd:string' }] };
    const replayed = { name: 'GetParameterValuesResponse' as const, parameterList: [{ name: 'A.x', value: '2', type: 'xsd:int' }, { name: 'A.up', value: '9', type: 'xsd:int' }] };
    const { differences } = diffAnswers(recorded, replayed, { ignore: ['A.up'] });
    expect(sideBySide(recorded, replayed, differences)).toEqual([
      { path: '(answer)', recorded: 'GetParameterValuesResponse', replayed: 'GetParameterValuesResponse' },
      { path: 'A.x', recorded: '1', replayed: '2', kind: 'value' },
      // Volatile: shown, not marked.
      { path: 'A.up', recorded: '5', replayed: '9' },
      { path: 'A.gone', recorded: 'g', replayed: null, kind: 'missing' },
    ]);
  });

  it('a fault against a response is marked on the answer row; fields of other answers are rows too', () => {
    const fault = { name: 'Fault' as const, soapFaultCode: 'Client', soapFaultString: 'CWMP fault', faultCode: 9005, faultString: 'Invalid parameter name' };
    const ok = { name: 'AddObjectResponse' as const, instanceNumber: 3, status: 0 };
    const rows = sideBySide(ok, fault, diffAnswers(ok, fault).differences);
    expect(rows[0]).toEqual({ path: '(answer)', recorded: 'AddObjectResponse', replayed: 'Fault 9005 Invalid parameter name', kind: 'response' });
    expect(rows.find((r) => r.path === 'instanceNumber')).toEqual({ path: 'instanceNumber', recorded: '3', replayed: null });
  });
});

import { buildCwmp, parseCwmp, type CwmpHeader, type CwmpMessage, type EventStruct, type Inform, type ParameterValueStruct, type Rpc } from '../../../src-shared/cwmp/index';
import { requiredInformParameters, type Finding } from '../../../src-shared/conformance/index';
import type { DataModel } from '../../../src-shared/datamodel/data-model';

/** Decodes XML (failing the test on a decode error). */
export function decode(xml: string): CwmpMessage {
  const r = parseCwmp(xml);
  if (!r.ok) throw new Error(`fixture does not decode: ${r.error.message}`);
  return r.message;
}

/** Builds a message with the real serialiser and decodes it again, as the ACS would see it. */
export function wire(rpc: Rpc, header: CwmpHeader = { id: 'x1' }): CwmpMessage {
  return decode(buildCwmp({ rpc, header }));
}

export const ids = (findings: readonly Finding[]): string[] => findings.map((f) => f.ruleId);

export const ev = (eventCode: string, commandKey = ''): EventStruct => ({ eventCode, commandKey });

/** The forced Inform parameters of a model, with plausible values typed as the model types them. */
export function forcedParameters(model: DataModel): ParameterValueStruct[] {
  return requiredInformParameters({ model }).map((sp) => {
    const def = model.parameter(sp);
    if (!def) throw new Error(`no definition for ${sp}`);
    return { name: sp, value: model.defaultValueFor(def), type: `xsd:${def.list ? 'string' : def.type}` };
  });
}

/** A clean Inform: every forced parameter, one event, MaxEnvelopes 1, a good CurrentTime. */
export function informRpc(model: DataModel, patch: Partial<Inform> = {}): Inform {
  return {
    name: 'Inform',
    deviceId: { manufacturer: 'Acme', oui: '001122', productClass: 'Box', serialNumber: 'SN1' },
    event: [ev('1 BOOT')],
    maxEnvelopes: 1,
    currentTime: '2026-11-27T10:00:00Z',
    retryCount: 0,
    parameterList: forcedParameters(model),
    ...patch,
  };
}

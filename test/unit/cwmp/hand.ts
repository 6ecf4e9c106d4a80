/** Hand-written envelopes for quirk tests, independent of buildCwmp. */
export interface HandOptions {
  prefix?: string;
  ns?: string;
  header?: string;
  /** Extra attributes on the Envelope. */
  envAttrs?: string;
}

export function envelope(body: string, o: HandOptions = {}): string {
  const p = o.prefix ?? 'SOAP-ENV';
  const el = (n: string): string => (p === '' ? n : `${p}:${n}`);
  const xmlnsEnv = p === '' ? 'xmlns' : `xmlns:${p}`;
  const ns = o.ns ?? 'urn:dslforum-org:cwmp-1-0';
  const header = o.header ?? `<cwmp:ID ${p === '' ? '' : `${p}:`}mustUnderstand="1">42</cwmp:ID>`;
  return (
    `<${el('Envelope')} ${xmlnsEnv}="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"` +
    ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="${ns}"${o.envAttrs ?? ''}>` +
    (header === '' ? '' : `<${el('Header')}>${header}</${el('Header')}>`) +
    `<${el('Body')}>${body}</${el('Body')}></${el('Envelope')}>`
  );
}

export const GPV_RESPONSE_BODY =
  '<cwmp:GetParameterValuesResponse><ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[1]">' +
  '<ParameterValueStruct><Name>Device.DeviceInfo.UpTime</Name><Value xsi:type="xsd:unsignedInt">42</Value></ParameterValueStruct>' +
  '</ParameterList></cwmp:GetParameterValuesResponse>';

export function informBody(o: { currentTime?: string; retryCount?: string; params?: string; count?: number | null; events?: string } = {}): string {
  const params = o.params ?? '<ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">1.0</Value></ParameterValueStruct>';
  const n = o.count === undefined ? (params.match(/<ParameterValueStruct>/g) ?? []).length : o.count;
  const at = n === null ? '' : ` SOAP-ENC:arrayType="cwmp:ParameterValueStruct[${n}]"`;
  return (
    '<cwmp:Inform><DeviceId><Manufacturer>Acme</Manufacturer><OUI>001122</OUI><ProductClass>Box</ProductClass><SerialNumber>S1</SerialNumber></DeviceId>' +
    `<Event SOAP-ENC:arrayType="cwmp:EventStruct[1]">${o.events ?? '<EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct>'}</Event>` +
    `<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>${o.currentTime ?? '2024-01-01T00:00:00Z'}</CurrentTime><RetryCount>${o.retryCount ?? '0'}</RetryCount>` +
    `<ParameterList${at}>${params}</ParameterList></cwmp:Inform>`
  );
}

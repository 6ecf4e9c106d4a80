/** CWMP bodies as CPEs and ACSs send them, for capture and proxy tests. */

/** A CWMP Inform as a CPE would send it. */
export function informXml(o: { serial?: string; id?: string; crUrl?: string; events?: string[] } = {}): string {
  const events = (o.events ?? ['1 BOOT']).map((e) => `<EventStruct><EventCode>${e}</EventCode><CommandKey></CommandKey></EventStruct>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">${o.id ?? 'inf-1'}</cwmp:ID></soap-env:Header>
<soap-env:Body><cwmp:Inform>
<DeviceId><Manufacturer>Acme</Manufacturer><OUI>00259E</OUI><ProductClass>Router</ProductClass><SerialNumber>${o.serial ?? 'SN0001'}</SerialNumber></DeviceId>
<Event soap-enc:arrayType="cwmp:EventStruct[${(o.events ?? ['1 BOOT']).length}]">${events}</Event>
<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-11-27T10:00:00Z</CurrentTime><RetryCount>0</RetryCount>
<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[2]">
<ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">1.2.3</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.ManagementServer.ConnectionRequestURL</Name><Value xsi:type="xsd:string">${o.crUrl ?? 'http://192.0.2.10:7547/cr'}</Value></ParameterValueStruct>
</ParameterList>
</cwmp:Inform></soap-env:Body></soap-env:Envelope>`;
}

export function envelope(body: string, id?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap-env:Header>${id !== undefined ? `<cwmp:ID soap-env:mustUnderstand="1">${id}</cwmp:ID>` : ''}</soap-env:Header>
<soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`;
}

export const informResponse = (id = 'inf-1'): string => envelope('<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>', id);
export const gpv = (id: string): string =>
  envelope(`<cwmp:GetParameterValues><ParameterNames soap-enc:arrayType="xsd:string[1]" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/"><string>Device.DeviceInfo.SoftwareVersion</string></ParameterNames></cwmp:GetParameterValues>`, id);
export const gpvResponse = (id: string): string =>
  envelope(
    `<cwmp:GetParameterValuesResponse><ParameterList xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" soap-enc:arrayType="cwmp:ParameterValueStruct[1]"><ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">1.2.3</Value></ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse>`,
    id,
  );


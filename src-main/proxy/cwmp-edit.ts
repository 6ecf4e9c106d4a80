/** The few byte-level edits the proxy makes to CWMP bodies, only when the user asked for them. */

const CR_URL = /(ConnectionRequestURL\s*<\/(?:[\w.-]+:)?Name>\s*<(?:[\w.-]+:)?Value\b[^>]*>)([^<]*)(<\/(?:[\w.-]+:)?Value>)/;

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The ConnectionRequestURL value in an Inform body, if present. */
export function findConnectionRequestUrl(xml: string): string | undefined {
  const m = CR_URL.exec(xml);
  return m ? xmlUnescape(m[2]).trim() : undefined;
}

/** Replaces the ConnectionRequestURL value; the rest of the body stays byte for byte. */
export function replaceConnectionRequestUrl(xml: string, url: string): string {
  return xml.replace(CR_URL, (_, open: string, _old: string, close: string) => `${open}${xmlEscape(url)}${close}`);
}

const CLIENT_FAULTS = new Set([8003, 8004, 8006, 9003, 9005, 9006, 9007, 9008]);

/** A CWMP SOAP Fault envelope answering the message with `cwmpId`, in the same cwmp namespace. */
export function faultEnvelope(o: { namespace?: string | null; cwmpId?: string; faultCode: number; faultString: string }): string {
  const ns = o.namespace ?? 'urn:dslforum-org:cwmp-1-0';
  const header = o.cwmpId !== undefined ? `<soapenv:Header><cwmp:ID soapenv:mustUnderstand="1">${xmlEscape(o.cwmpId)}</cwmp:ID></soapenv:Header>` : '<soapenv:Header/>';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="${xmlEscape(ns)}">` +
    header +
    `<soapenv:Body><soapenv:Fault><faultcode>${CLIENT_FAULTS.has(o.faultCode) ? 'Client' : 'Server'}</faultcode><faultstring>CWMP fault</faultstring>` +
    `<detail><cwmp:Fault><FaultCode>${o.faultCode}</FaultCode><FaultString>${xmlEscape(o.faultString)}</FaultString></cwmp:Fault></detail>` +
    `</soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

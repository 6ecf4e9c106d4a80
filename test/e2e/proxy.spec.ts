/**
 * The Proxy view against the real headless workbench: a profile whose upstream is the workbench's own ACS,
 * a breakpoint on Informs from the CPE, an Inform sent through the proxy (loopback), held in the UI, let
 * go, answered by the ACS and listed in Traffic with the proxy as its source.
 */
import { expect, screenshot, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const SERIAL = 'PXE2E0001';
const DEVICE = `00E2E0-ProxyBox-${SERIAL}`;

// The workbench is shared with the other spec files of this worker: leave it as found (two simulated devices, no profiles).
test.afterAll(async ({ workbench }) => {
  await workbench.api('proxy/delete', { name: 'e2e' }).catch(() => undefined);
  const { breakpoints } = await workbench.api<{ breakpoints: Array<{ id: string; proxy?: string }> }>('proxy/breakpoints-list');
  for (const b of breakpoints.filter((x) => x.proxy === 'e2e')) await workbench.api('proxy/breakpoints-delete', { id: b.id });
  await workbench.api('devices/delete', { deviceId: DEVICE }).catch(() => undefined);
});

/** An Inform as a CPE would send it, written by hand. */
function inform(cwmpId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap:Header><cwmp:ID soap:mustUnderstand="1">${cwmpId}</cwmp:ID></soap:Header>
<soap:Body><cwmp:Inform>
<DeviceId><Manufacturer>E2E Labs</Manufacturer><OUI>00E2E0</OUI><ProductClass>ProxyBox</ProductClass><SerialNumber>${SERIAL}</SerialNumber></DeviceId>
<Event soap-enc:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct></Event>
<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00Z</CurrentTime><RetryCount>0</RetryCount>
<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[3]">
<ParameterValueStruct><Name>Device.RootDataModelVersion</Name><Value xsi:type="xsd:string">2.11</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">9.9.9-proxy</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.ManagementServer.ConnectionRequestURL</Name><Value xsi:type="xsd:string">http://127.0.0.1:9/cr</Value></ParameterValueStruct>
</ParameterList>
</cwmp:Inform></soap:Body></soap:Envelope>`;
}

test('a profile forwards to the ACS, an Inform is held at a breakpoint, let go and recorded', async ({ app, workbench }) => {
  const status = await workbench.api<{ listeners: Array<{ name: string; url: string }> }>('server/status');
  const acsUrl = status.listeners.find((l) => l.name === 'acs-http')?.url;
  expect(acsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

  await app.getByTestId('nav-proxy').click();
  await expect(app.getByTestId('proxy-view')).toBeVisible();

  // A bad upstream is refused in the form, with the field named, before anything is sent.
  await app.getByTestId('proxy-new').click();
  await app.getByTestId('proxy-name').fill('e2e');
  await app.getByTestId('proxy-port').fill('0');
  await app.getByTestId('proxy-upstream').fill('ftp://nowhere/');
  await app.getByTestId('proxy-submit').click();
  await expect(app.getByTestId('proxy-form-error')).toContainText('Upstream URL: an http:// or https:// URL');

  await app.getByTestId('proxy-upstream').fill(acsUrl!);
  // The connection-request rewrite warns that it changes bytes.
  await app.getByTestId('proxy-rewrite-cr').check();
  await expect(app.getByTestId('proxy-rewrite-warning')).toContainText('changes bytes');
  await screenshot(app, 'proxy-profile');
  await app.getByTestId('proxy-rewrite-cr').uncheck();
  await expect(app.getByTestId('proxy-rewrite-warning')).toHaveCount(0);
  await app.getByTestId('proxy-submit').click();
  await expect(app.getByTestId('proxy-form')).toHaveCount(0);

  const row = app.locator('[data-testid=proxy-row][data-name=e2e]');
  await expect(row.getByTestId('proxy-state')).toHaveText(/running/);
  const proxyUrl = (await row.getByTestId('proxy-url').innerText()).trim();
  expect(proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await expect(row.getByTestId('proxy-upstream-url')).toContainText(acsUrl!);

  // Breakpoint: Informs, CPE → ACS, on this profile (the form's defaults, set explicitly).
  const bps = app.getByTestId('breakpoints');
  await bps.getByTestId('bp-rpc').fill('Inform');
  await bps.getByTestId('bp-direction').selectOption('cpe-to-acs');
  await bps.getByTestId('bp-add').click();
  await expect(bps.getByTestId('bp-row')).toHaveCount(1);
  await expect(bps.getByTestId('bp-row')).toContainText('CPE → ACS');

  // The "CPE": an Inform POSTed to the proxy from the test (loopback only). It waits while held.
  const answer = fetch(proxyUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset="utf-8"', SOAPAction: '' }, body: inform('e2e-1') }).then(async (r) => ({
    status: r.status,
    body: await r.text(),
  }));

  const panel = app.getByTestId('paused-panel');
  await expect(panel.getByTestId('paused-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(panel.getByTestId('paused-row')).toContainText('Inform');
  await expect(app.getByTestId('nav-proxy-paused')).toHaveText('1 held');
  const detail = panel.getByTestId('paused-detail');
  await expect(detail).toContainText('CPE → ACS');
  await expect(detail).toContainText('cwmp:ID e2e-1');
  await expect(detail.getByTestId('paused-countdown')).toHaveText(/lets go in \d+ s/);
  await expect(detail.getByTestId('decoded-params')).toContainText('9.9.9-proxy');
  // The fault picker explains the code it would send (a CPE message is answered as if by the ACS).
  await detail.getByTestId('paused-fault').click();
  await expect(detail.getByTestId('fault-explained')).toContainText('Internal error; SOAP faultcode Server, raised by the ACS');
  await screenshot(app, 'proxy');
  await detail.getByTestId('paused-fault').click();

  await detail.getByTestId('paused-resume').click();
  await expect(panel.getByTestId('paused-row')).toHaveCount(0);
  const res = await answer;
  expect(res.status).toBe(200);
  expect(res.body).toContain('InformResponse');
  await expect(app.getByTestId('nav-proxy-paused')).toHaveCount(0);

  // Traffic lists the exchange, recorded by the proxy.
  await app.getByTestId('nav-traffic').click();
  const trow = app.locator('.tl-row', { hasText: DEVICE }).filter({ hasText: 'Inform → InformResponse' }).first();
  await expect(trow).toBeVisible({ timeout: 15_000 });
  await trow.click();
  await expect(app.getByTestId('traffic-detail')).toContainText('proxy:e2e');
  const { exchanges } = await workbench.api<{ exchanges: Array<{ source: string; cwmpRequest?: { rpc: string | null } }> }>('traffic/list', { deviceId: DEVICE, limit: 100 });
  expect(exchanges.some((x) => x.source === 'proxy:e2e' && x.cwmpRequest?.rpc === 'Inform')).toBe(true);
});

test('held Informs are answered with a fault, edited before they go on, and let go on their own', async ({ app, workbench }) => {
  await app.getByTestId('nav-proxy').click();
  const row = app.locator('[data-testid=proxy-row][data-name=e2e]');
  const panel = app.getByTestId('paused-panel');
  let proxyUrl = (await row.getByTestId('proxy-url').innerText()).trim();
  const send = (id: string, body = inform(id)): Promise<{ status: number; body: string }> =>
    fetch(proxyUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset="utf-8"' }, body }).then(async (r) => ({ status: r.status, body: await r.text() }));

  // Answer with a fault: the CPE gets an ACS fault (8005 Retry request) instead of an InformResponse.
  const faulted = send('e2e-2');
  await expect(panel.getByTestId('paused-row')).toHaveCount(1, { timeout: 15_000 });
  const detail = panel.getByTestId('paused-detail');
  await expect(detail).toContainText('cwmp:ID e2e-2');
  await detail.getByTestId('paused-fault').click();
  await detail.getByTestId('fault-code').selectOption('8005');
  await expect(detail.getByTestId('fault-explained')).toContainText('Retry request');
  await detail.getByTestId('fault-send').click();
  const f = await faulted;
  expect(f.body).toContain('<FaultCode>8005</FaultCode>');
  expect(f.body).not.toContain('InformResponse');
  await expect(panel.getByTestId('paused-row')).toHaveCount(0);

  // Edit: the ACS receives the edited Inform (a new software version) and answers it.
  const edited = send('e2e-3');
  await expect(panel.getByTestId('paused-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(detail).toContainText('cwmp:ID e2e-3');
  await detail.getByTestId('paused-edit').click();
  const editor = detail.getByTestId('paused-editor').locator('.cm-content');
  await expect(editor).toContainText('9.9.9-proxy');
  await editor.click();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.insertText(inform('e2e-3').replace('9.9.9-proxy', '10.0.0-edited'));
  await expect(detail.getByTestId('edit-check')).toContainText('Decodes as Inform');
  await detail.getByTestId('paused-send-edited').click();
  const e = await edited;
  expect(e.status).toBe(200);
  expect(e.body).toContain('InformResponse');
  await expect
    .poll(async () => (await workbench.api<{ devices: Array<{ id: string; softwareVersion?: string }> }>('devices/list')).devices.find((d) => d.id === DEVICE)?.softwareVersion)
    .toBe('10.0.0-edited');

  // Traffic shows the forwarded (edited) Inform, marked edited, with the original beside it.
  await app.getByTestId('nav-traffic').click();
  const erow = app.locator('.tl-row', { hasText: DEVICE }).filter({ has: app.getByTestId('row-edited') }).first();
  await expect(erow).toBeVisible({ timeout: 15_000 });
  await erow.click();
  const tdetail = app.getByTestId('traffic-detail');
  await expect(tdetail.getByTestId('detail-edited')).toBeVisible();
  await expect(tdetail.getByTestId('edited-notice')).toContainText('request was edited');
  await tdetail.getByTestId('detail-tab-xml').click();
  await expect(tdetail.locator('section[aria-label=Request]')).toContainText('10.0.0-edited');
  await tdetail.getByTestId('original-body').locator('summary').click();
  // The editor shows the start of the original (it renders only what is in view); the API has it whole.
  await expect(tdetail.getByTestId('original-body')).toContainText('Original, before the edit');
  await expect(tdetail.getByTestId('original-body')).toContainText('<cwmp:ID soap:mustUnderstand="1">e2e-3</cwmp:ID>');
  const id = await erow.getAttribute('data-id');
  const got = await workbench.api<{ exchange: { request: { body: { data: string } }; original?: { request?: { body: { data: string } } } } }>('traffic/get', { id });
  expect(got.exchange.request.body.data).toContain('10.0.0-edited');
  expect(got.exchange.original?.request?.body.data).toContain('9.9.9-proxy');
  await app.getByTestId('nav-proxy').click();

  // A forgotten breakpoint does not kill the session: with a 1 s timeout the Inform goes on by itself.
  await row.getByTestId('proxy-edit').click();
  await app.getByLabel('Pause timeout').fill('1');
  await app.getByTestId('proxy-submit').click();
  await expect(app.getByTestId('proxy-form')).toHaveCount(0);
  await expect(app.getByTestId('proxy-selected')).toContainText('after 1 s');
  // The running proxy restarted with the change; on port 0 that is a new port.
  await expect(row.getByTestId('proxy-state')).toHaveText(/running/);
  proxyUrl = (await row.getByTestId('proxy-url').innerText()).trim();
  const forgotten = await send('e2e-4');
  expect(forgotten.status).toBe(200);
  expect(forgotten.body).toContain('InformResponse');
  await expect(panel.getByTestId('paused-row')).toHaveCount(0);
});

test('a profile is stopped, a start error is shown inline, and it is deleted after confirming', async ({ app, workbench }) => {
  await app.getByTestId('nav-proxy').click();
  const row = app.locator('[data-testid=proxy-row][data-name=e2e]');
  await row.getByTestId('proxy-stop').click();
  await expect(row.getByTestId('proxy-state')).toHaveText('stopped');

  // Edit it onto the ACS's own port: starting fails and the row says why.
  const acsPort = new URL((await workbench.api<{ listeners: Array<{ name: string; url: string }> }>('server/status')).listeners.find((l) => l.name === 'acs-http')!.url).port;
  await row.getByTestId('proxy-edit').click();
  await app.getByTestId('proxy-port').fill(acsPort);
  await app.getByTestId('proxy-submit').click();
  await expect(app.getByTestId('proxy-form')).toHaveCount(0);
  await row.getByTestId('proxy-start').click();
  await expect(row.getByTestId('proxy-row-error')).toContainText(`port ${acsPort} on 127.0.0.1 is already in use`);
  await expect(row.getByTestId('proxy-state')).toHaveText('failed');

  app.once('dialog', (d) => void d.accept());
  await row.getByTestId('proxy-delete').click();
  await expect(row).toHaveCount(0);
  const { proxies } = await workbench.api<{ proxies: unknown[] }>('proxy/list');
  expect(proxies).toEqual([]);
});

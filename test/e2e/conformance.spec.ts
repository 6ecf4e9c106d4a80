/**
 * Conformance in the UI against the real headless workbench: a hand-made CPE sends the ACS an Inform that
 * breaks TR-069 (MaxEnvelopes 2, a duplicated "1 BOOT"); its exchange's Checks tab names the rules, the
 * device's Conformance tab summarises them and links back to the exchange, and Check XML finds the
 * problems of a pasted message. The device is deleted at the end so later specs see the simulator's two.
 */
import { expect, screenshot, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const SERIAL = 'CONF0001';
const DEVICE = `00C0F1-ConfBox-${SERIAL}`;

/** An Inform with two conformance errors the decoder lets through. */
function brokenInform(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap:Header><cwmp:ID soap:mustUnderstand="1">conf-1</cwmp:ID></soap:Header>
<soap:Body><cwmp:Inform>
<DeviceId><Manufacturer>Conformance Labs</Manufacturer><OUI>00C0F1</OUI><ProductClass>ConfBox</ProductClass><SerialNumber>${SERIAL}</SerialNumber></DeviceId>
<Event soap-enc:arrayType="cwmp:EventStruct[2]"><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct></Event>
<MaxEnvelopes>2</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00Z</CurrentTime><RetryCount>0</RetryCount>
<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[3]">
<ParameterValueStruct><Name>Device.RootDataModelVersion</Name><Value xsi:type="xsd:string">2.11</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">1.0-conf</Value></ParameterValueStruct>
<ParameterValueStruct><Name>Device.ManagementServer.ConnectionRequestURL</Name><Value xsi:type="xsd:string">http://127.0.0.1:9/cr</Value></ParameterValueStruct>
</ParameterList>
</cwmp:Inform></soap:Body></soap:Envelope>`;
}

/** What a support engineer might paste: a value without xsi:type and an unreadable CurrentTime. */
const PASTED = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
<soap:Header><cwmp:ID soap:mustUnderstand="1">7</cwmp:ID></soap:Header>
<soap:Body><cwmp:Inform>
<DeviceId><Manufacturer>Customer</Manufacturer><OUI>001122</OUI><ProductClass>Router</ProductClass><SerialNumber>S1</SerialNumber></DeviceId>
<Event><EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event>
<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>yesterday</CurrentTime><RetryCount>0</RetryCount>
<ParameterList><ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value>2.0</Value></ParameterValueStruct></ParameterList>
</cwmp:Inform></soap:Body></soap:Envelope>`;

test.afterAll(async ({ workbench }) => {
  await workbench.api('devices/delete', { deviceId: DEVICE }).catch(() => undefined);
});

test('an Inform exchange’s Checks tab lists its findings with a count on the tab', async ({ app, workbench }) => {
  // A CPE session by hand: the Inform, then the empty POST that lets the ACS close the session.
  const res = await fetch(workbench.acsUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset="utf-8"' }, body: brokenInform() });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('InformResponse');
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  await fetch(workbench.acsUrl, { method: 'POST', headers: cookie ? { Cookie: cookie } : {}, body: '' }).then((r) => r.text());

  await app.getByTestId('nav-traffic').click();
  const row = app.locator('.tl-row', { hasText: 'Inform → InformResponse' }).filter({ hasText: SERIAL }).first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  const detail = app.getByTestId('traffic-detail');
  await expect(detail).toContainText(DEVICE);
  // The badge arrives before the tab is opened: the count is worth seeing from the Decoded tab.
  await expect(detail.getByTestId('checks-count')).toHaveText(/^\d+$/);
  await detail.getByTestId('detail-tab-checks').click();
  const checks = detail.getByTestId('exchange-checks');
  await expect(checks.locator('[data-testid=finding][data-rule=inform-max-envelopes]')).toContainText('A.3.3.1');
  await expect(checks.locator('[data-testid=finding][data-rule=inform-max-envelopes]')).toContainText('request · CPE → ACS');
  await expect(checks.locator('[data-testid=finding][data-rule=event-duplicate]')).toContainText('1 BOOT');
  await expect(checks).toContainText(/\d+ errors?/);
  const n = Number(await detail.getByTestId('checks-count').innerText());
  await expect(checks.getByTestId('finding')).toHaveCount(n);
  await screenshot(app, 'traffic-checks');

  // The request body opens in Check XML, checked at once (without the session, so from the message alone).
  await checks.getByRole('button', { name: 'Request in Check XML' }).click();
  const dialog = app.getByTestId('check-xml');
  await expect(dialog.getByTestId('check-xml-input')).toHaveValue(/<MaxEnvelopes>2<\/MaxEnvelopes>/);
  await expect(dialog.locator('[data-testid=finding][data-rule=inform-max-envelopes]')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(detail).toBeVisible();

  // A simulator's Inform is clean, and says so rather than showing an empty list.
  await app.locator('.tl-row', { hasText: 'Inform → InformResponse' }).filter({ hasText: 'SIM000001' }).first().click();
  await expect(detail).toContainText('00CAFE-SimGateway-SIM000001');
  await expect(detail.getByTestId('exchange-checks')).toContainText(/No findings|error|warning|note/);
});

test('the device’s Conformance tab summarises by rule and links a finding to its exchange', async ({ app }) => {
  await app.getByTestId('nav-bench').click();
  await app.getByTestId('device-item').filter({ hasText: 'Conformance Labs' }).click();
  await expect(app.getByTestId('device-page')).toContainText(DEVICE);
  await app.getByTestId('device-tab-conformance').click();
  const tab = app.getByTestId('device-conformance');
  await expect(tab.getByTestId('conformance-summary')).toContainText(/\d+ exchanges? and the parameter tree checked/, { timeout: 20_000 });
  const summary = tab.getByTestId('rule-summary');
  await expect(summary).toContainText('inform-max-envelopes');
  await expect(summary).toContainText('Inform MaxEnvelopes is 1');
  // Errors sort before warnings.
  await expect(summary.locator('tbody tr').first().locator('.sev')).toHaveClass(/sev-error/);

  await summary.locator('tr', { hasText: 'inform-max-envelopes' }).click();
  const group = tab.locator('[data-testid=rule-group][data-rule=inform-max-envelopes]');
  await expect(group.getByTestId('finding')).toHaveCount(1);
  await expect(group.getByTestId('finding-exchange')).toContainText('Inform → InformResponse');
  await screenshot(app, 'conformance');

  // Only the Inform was read: the tree's required parameters are "never read", with an offer to read them.
  await expect(summary).toContainText('device-required-unread');
  await expect(summary).not.toContainText('device-required-missing');
  await expect(tab.getByTestId('conformance-unread')).toContainText('never read');
  await expect(tab.getByTestId('conformance-read-unread')).toBeEnabled();
  // Errors only: the tree's notes step aside.
  await tab.getByLabel('Errors only').check();
  await expect(summary).not.toContainText('device-required-unread');
  await expect(summary).toContainText('inform-max-envelopes');
  await expect(tab.getByTestId('rules-reference')).toContainText(/All \d+ rules checked/);

  await group.getByTestId('finding-exchange').click();
  await expect(app.getByTestId('traffic-detail')).toContainText(DEVICE);
  await expect(app.getByTestId('traffic-detail')).toContainText('Inform → InformResponse');
});

test('Check XML decodes a pasted message and finds what is wrong with it', async ({ app }) => {
  await app.getByTestId('nav-bench').click();
  await app.getByTestId('device-item').filter({ hasText: 'Conformance Labs' }).click();
  await app.getByTestId('device-tab-conformance').click();
  await app.getByTestId('open-check-xml').click();
  const panel = app.getByTestId('check-xml');
  await panel.getByTestId('check-xml-input').fill(PASTED);
  await panel.getByTestId('check-xml-run').click();
  const result = panel.getByTestId('check-xml-result');
  await expect(result.locator('[data-testid=finding][data-rule=inform-current-time]')).toContainText('yesterday');
  // A decoder quirk comes with its explanation from the diagnostics table.
  const quirk = result.locator('[data-testid=finding][data-code=missing-xsi-type]');
  await expect(quirk).toHaveAttribute('data-rule', 'soap-encoding');
  await expect(quirk).toContainText('A parameter value without xsi:type');
  // And the message itself, decoded.
  await expect(result.getByTestId('decoded-params')).toContainText('Device.DeviceInfo.SoftwareVersion');
  await screenshot(app, 'conformance-check-xml');

  // Not XML at all: one error finding, no crash.
  await panel.getByTestId('check-xml-input').fill('hello, this is not a SOAP message');
  await panel.getByTestId('check-xml-run').click();
  await expect(result.locator('[data-testid=finding][data-rule=soap-undecodable]')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
});

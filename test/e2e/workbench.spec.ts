/**
 * The UI against the real headless workbench with two simulated CPEs. The tests share one server and run
 * in order: later ones build on what earlier ones did to the devices (as a user's session would).
 */
import { Agent, request } from 'node:http';
import { expect, screenshot, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const DEVICE_1 = '00CAFE-SimGateway-SIM000001';

test('the devices appear on the bench', async ({ app }) => {
  await expect(app.getByTestId('device-item')).toHaveCount(2, { timeout: 20_000 });
  await expect(app.getByTestId('device-page')).toContainText(DEVICE_1);
  await expect(app.getByTestId('device-summary')).toContainText('0 BOOTSTRAP');
  await expect(app.getByTestId('devices-online')).toContainText('2 of 2 devices online');
  await screenshot(app, 'bench');
});

test('tasks are prepared for a device that has not informed yet', async ({ app, workbench }) => {
  await app.getByTestId('nav-bench').click();
  await app.getByTestId('prepare-open').click();
  await app.getByTestId('prepare-target').fill('NOT-YET-ON');
  await app.getByTestId('prepare-kind').selectOption('Reboot');
  await app.getByTestId('prepare-submit').click();
  await expect(app.getByTestId('prepare-queued')).toContainText('Reboot · queued');
  const { tasks } = await workbench.api<{ tasks: Array<{ deviceId: string; status: string; message?: string }> }>('tasks/list', { deviceId: 'NOT-YET-ON' });
  expect(tasks).toEqual([expect.objectContaining({ deviceId: 'NOT-YET-ON', status: 'queued', message: expect.stringContaining('first Inform') })]);
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('device-item')).toHaveCount(2);
});

test('the traffic list fills live and the detail pane shows the Inform', async ({ app }) => {
  await app.getByTestId('nav-traffic').click();
  const rows = app.locator('.tl-row');
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  // A connection request makes the device open a session: new rows arrive without a reload.
  await app.getByTestId('nav-bench').click();
  await app.getByTestId('action-cr').click();
  await expect(app.getByTestId('cr-outcome')).toContainText('reached');
  await app.getByTestId('nav-traffic').click();
  await expect.poll(async () => app.locator('.tl-row').count(), { timeout: 15_000 }).toBeGreaterThan(before);
  await expect(app.locator('.tl-row', { hasText: '6 CONNECTION REQUEST' }).first()).toBeVisible();

  await app.locator('.tl-row', { hasText: 'Inform → InformResponse' }).first().click();
  const detail = app.getByTestId('traffic-detail');
  await expect(detail).toContainText('Inform → InformResponse');
  await expect(detail.getByTestId('decoded-events')).toContainText(/BOOTSTRAP|PERIODIC|BOOT|CONNECTION REQUEST/);
  await expect(detail.getByTestId('decoded-params')).toContainText('Device.DeviceInfo.SoftwareVersion');
  await detail.getByTestId('detail-tab-xml').click();
  await expect(detail.getByTestId('xml-view').first()).toContainText('cwmp:Inform');
  await detail.getByTestId('detail-tab-decoded').click();
  await screenshot(app, 'traffic');
  await app.getByRole('button', { name: 'Sessions' }).click();
  await expect(app.locator('.tl-group').first()).toBeVisible();
  await screenshot(app, 'traffic-sessions');
  await app.getByRole('button', { name: 'Sessions' }).click();
});

test('a parameter is edited, the SetParameterValues is seen in traffic and the value read back', async ({ app, workbench }) => {
  await app.getByTestId('device-tab-parameters').click();
  const tree = app.getByTestId('parameter-tree');
  await tree.locator('[data-path="Device."] [data-testid=twisty]').click();
  await expect(tree.locator('[data-path="Device.DeviceInfo."]')).toBeVisible({ timeout: 20_000 });
  await tree.locator('[data-path="Device.DeviceInfo."] [data-testid=twisty]').click();
  // Wait for GPV to finish (the row's write flag and value come from GPN and GPV).
  await expect(tree.getByTestId('change-row').filter({ hasText: 'Read Device.DeviceInfo.' }).first().getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  // The list is virtualised: search brings the row on screen.
  await tree.getByLabel('Search parameters').fill('ProvisioningCode');
  const row = tree.locator('[data-path="Device.DeviceInfo.ProvisioningCode"]');
  await expect(row).toBeVisible();

  await row.getByTestId('param-value').click();
  const input = row.locator('input');
  await input.fill('E2E-LAB');
  await input.press('Enter');
  await expect(row).toHaveClass(/edited/);
  await tree.getByTestId('apply-edits').click();
  const change = tree.getByTestId('change-row').filter({ hasText: 'Set Device.DeviceInfo.ProvisioningCode = E2E-LAB' });
  await expect(change.getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

  // The SetParameterValues went out in an HTTP response of the device's session.
  const { exchanges } = await workbench.api<{ exchanges: Array<{ cwmpResponse?: { rpc: string | null }; response?: { body: { data: string } } }> }>('traffic/list', { deviceId: DEVICE_1, limit: 10_000 });
  const spv = exchanges.find((x) => x.cwmpResponse?.rpc === 'SetParameterValues');
  expect(spv?.response?.body.data).toContain('E2E-LAB');

  // Read it back from the device.
  await tree.getByLabel('Search parameters').fill('');
  const readsBefore = await tree.getByTestId('change-row').filter({ hasText: 'Read Device.DeviceInfo.' }).count();
  await tree.getByRole('button', { name: 'Refresh Device.DeviceInfo.', exact: true }).click();
  const reads = tree.getByTestId('change-row').filter({ hasText: 'Read Device.DeviceInfo.' });
  await expect(reads).toHaveCount(readsBefore + 1, { timeout: 30_000 });
  await expect(reads.first().getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await tree.getByLabel('Search parameters').fill('ProvisioningCode');
  await expect(row.getByTestId('param-value')).toHaveText('E2E-LAB');
  await tree.getByLabel('Search parameters').fill('');
  await screenshot(app, 'parameters');

  await app.getByTestId('nav-traffic').click();
  await app.getByTestId('traffic-filter-rpc').selectOption('SetParameterValues');
  await expect(app.locator('.tl-row', { hasText: 'SetParameterValues' }).first()).toBeVisible();
  await app.getByTestId('traffic-filter-rpc').selectOption('');
  await app.getByTestId('nav-bench').click();
});

test('an object instance is added', async ({ app }) => {
  await app.getByTestId('device-tab-parameters').click();
  const tree = app.getByTestId('parameter-tree');
  await tree.locator('[data-path="Device."] [data-testid=twisty]').click();
  await tree.locator('[data-path="Device.DeviceInfo."] [data-testid=twisty]').click();
  await expect(tree.getByTestId('change-row').filter({ hasText: 'Read Device.DeviceInfo.' }).first().getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await tree.getByLabel('Search parameters').fill('DeviceInfo.Location');
  const table = tree.locator('[data-path="Device.DeviceInfo.Location."]');
  await expect(table).toBeVisible({ timeout: 20_000 });
  await table.getByTestId('add-instance').click();
  const change = tree.getByTestId('change-row').filter({ hasText: 'Add Device.DeviceInfo.Location.' });
  await expect(change.getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(change).toContainText(/instance \d+/);
  const n = /instance (\d+)/.exec((await change.textContent()) ?? '')![1];
  await table.getByTestId('twisty').click();
  await expect(tree.locator(`[data-path="Device.DeviceInfo.Location.${n}."]`)).toBeVisible({ timeout: 20_000 });
});

test('an edit is checked against the data model before anything is sent', async ({ app }) => {
  await app.getByTestId('device-tab-parameters').click();
  const tree = app.getByTestId('parameter-tree');
  await tree.getByLabel('Jump to path').fill('Device.ManagementServer.');
  await tree.getByLabel('Jump to path').press('Enter');
  await expect(tree.getByTestId('change-row').filter({ hasText: 'Read Device.ManagementServer.' }).first().getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await tree.getByLabel('Search parameters').fill('PeriodicInformInterval');
  const row = tree.locator('[data-path="Device.ManagementServer.PeriodicInformInterval"]');
  await row.getByTestId('param-value').click();
  await row.locator('input').fill('0');
  await row.locator('input').press('Enter');
  // TR-181 gives PeriodicInformInterval a minimum of 1: refused here, nothing queued.
  await expect(row).toContainText(/must be/);
  await expect(tree.getByTestId('apply-edits')).toBeDisabled();
  await tree.getByRole('button', { name: 'Discard' }).click();
  await tree.getByLabel('Search parameters').fill('');
  await tree.getByRole('button', { name: 'Compare with model' }).click();
  await expect(tree.getByTestId('model-compare')).toContainText('Compared with Device:2.17', { timeout: 20_000 });
  await screenshot(app, 'parameters-compare');
});

test('a fault is shown with its explanation', async ({ app }) => {
  await app.getByTestId('device-tab-parameters').click();
  const tree = app.getByTestId('parameter-tree');
  await tree.getByLabel('Jump to path').fill('Device.NoSuchObject.');
  await tree.getByLabel('Jump to path').press('Enter');
  await expect(tree.locator('.notice.fault')).toContainText('9005', { timeout: 30_000 });

  await app.getByTestId('nav-traffic').click();
  await app.getByTestId('traffic-filter-faults').check();
  const faultRow = app.locator('.tl-row', { hasText: '9005' }).first();
  await expect(faultRow).toBeVisible({ timeout: 15_000 });
  await faultRow.click();
  const explained = app.getByTestId('traffic-detail').getByTestId('fault-explained').first();
  await expect(explained).toContainText('Fault 9005');
  await expect(explained).toContainText(/Invalid parameter name/i);
  // The fault answers the GetParameterNames the ACS sent in the previous exchange.
  await expect(app.getByTestId('rpc-pair')).toContainText('Answers GetParameterNames');
  await screenshot(app, 'traffic-fault');
  await app.getByTestId('traffic-filter-faults').uncheck();
});

test('a certificate is created and its details shown', async ({ app }) => {
  await app.getByTestId('nav-certificates').click();
  await app.getByTestId('create-ca').click();
  await app.getByTestId('ca-cn').fill('E2E Test CA');
  await app.getByTestId('dialog-submit').click();
  const detail = app.getByTestId('cert-detail');
  await expect(detail).toContainText('CN=E2E Test CA', { timeout: 30_000 });
  await expect(detail).toContainText('SHA-256');
  await expect(detail).toContainText('-----BEGIN CERTIFICATE-----');
  await expect(app.getByTestId('cert-row').filter({ hasText: 'E2E Test CA' })).toBeVisible();
  await screenshot(app, 'certificates');
});

test('captures and settings views render', async ({ app }) => {
  await app.getByTestId('nav-captures').click();
  await expect(app.getByTestId('capture-list')).toBeVisible();
  // The capture being recorded opens like any other; its exchanges decode in the page.
  await app.getByRole('button', { name: 'Open' }).first().click();
  await app.getByTestId('capture-exchange').filter({ hasText: 'Inform → InformResponse' }).first().click();
  await expect(app.getByTestId('capture-detail')).toContainText('Inform');
  await expect(app.getByTestId('capture-detail').getByTestId('decoded-params').first()).toContainText('Device.DeviceInfo.SoftwareVersion');
  await screenshot(app, 'captures');
  await app.getByTestId('nav-settings').click();
  await expect(app.getByTestId('settings-view')).toContainText('acs-http');
  await screenshot(app, 'settings');
});

/** Sends `sessions` minimal CWMP sessions (Inform, then the empty POST): two exchanges each. */
async function flood(acsUrl: string, sessions: number): Promise<void> {
  const url = new URL(acsUrl);
  const agent = new Agent({ keepAlive: false, maxSockets: 24 });
  const post = (body: string, cookie?: string): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'Content-Type': 'text/xml', ...(cookie ? { Cookie: cookie } : {}) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers['set-cookie']?.[0]?.split(';')[0]));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const inform = (i: number, device: number): string =>
    `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Header><cwmp:ID soap:mustUnderstand="1">load-${i}</cwmp:ID></soap:Header><soap:Body><cwmp:Inform><DeviceId><Manufacturer>Load</Manufacturer><OUI>00AB00</OUI><ProductClass>Flood</ProductClass><SerialNumber>F${device}</SerialNumber></DeviceId><Event soap-enc:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00Z</CurrentTime><RetryCount>0</RetryCount><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[1]"><ParameterValueStruct><Name>Device.DeviceInfo.ProvisioningCode</Name><Value xsi:type="xsd:string">mark-${i};</Value></ParameterValueStruct></ParameterList></cwmp:Inform></soap:Body></soap:Envelope>`;
  let next = 0;
  // One simulated device per worker: a device's sessions follow one another, as on a real bench.
  const worker = async (device: number): Promise<void> => {
    while (next < sessions) {
      const i = next++;
      const cookie = await post(inform(i, device));
      await post('', cookie);
    }
  };
  await Promise.all(Array.from({ length: 24 }, (_, d) => worker(d)));
  agent.destroy();
}

test('filtering 10,000 entries works', async ({ app, workbench }) => {
  test.setTimeout(120_000);
  await app.getByTestId('nav-traffic').click();
  await flood(workbench.acsUrl, 5000);
  const count = app.getByTestId('traffic-count');
  await expect.poll(async () => Number(((await count.textContent()) ?? '').replace(/[^\d]/g, '').slice(0, 6) || 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(10_000);
  await app.getByTestId('traffic-filter-text').fill('mark-4321;');
  await expect(count).toContainText(/^1 of [\d,]+ exchanges/, { timeout: 10_000 });
  await expect(app.locator('.tl-row')).toHaveCount(1);
  await app.getByTestId('traffic-filter-text').fill('mark-432');
  // mark-432; and mark-4320 … mark-4329
  await expect(count).toContainText(/^11 of [\d,]+ exchanges/);
  await app.getByTestId('traffic-filter-text').fill('');
  await expect(count).not.toContainText(' of ');
  await screenshot(app, 'traffic-10k');
  await app.emulateMedia({ colorScheme: 'dark' });
  await app.getByTestId('traffic-filter-text').fill('mark-4321;');
  await expect(count).toContainText(/^1 of /);
  await app.locator('.tl-row', { hasText: 'Inform → InformResponse' }).first().click();
  await expect(app.getByTestId('traffic-detail')).toContainText('mark-4321;');
  await screenshot(app, 'traffic-dark');

  // Reloaded, the list comes back as the newest page then history pages without bodies; the filter
  // still finds a parameter value (through the server's search text) and the detail fetches the body.
  await app.emulateMedia({ colorScheme: 'light' });
  await app.reload();
  await app.getByTestId('nav-traffic').click();
  await expect(app.locator('.tl-row').first()).toBeVisible({ timeout: 20_000 });
  await expect(app.getByTestId('traffic-backfill')).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(async () => Number(/^([\d,]+) exchanges/.exec((await count.textContent()) ?? '')?.[1].replace(/,/g, '') ?? 0)).toBeGreaterThanOrEqual(10_000);
  await app.getByTestId('traffic-filter-text').fill('mark-4321;');
  await expect(count).toContainText(/^1 of [\d,]+ exchanges/, { timeout: 10_000 });
  await app.locator('.tl-row', { hasText: 'Inform → InformResponse' }).first().click();
  await expect(app.getByTestId('traffic-detail')).toContainText('mark-4321;');
});

/**
 * Replay from the Captures view: the recorded ACS's request to one simulated CPE, played to the other
 * ("Replay against a device…"); the side-by-side diff highlights what differs, and exports as JSON.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

// The replay adds sessions and tasks other specs would see: a server of its own.
test.use({ ownServer: true });

interface Task {
  status: string;
}

type Api = (method: string, params?: Record<string, unknown>) => Promise<unknown>;

/**
 * The trace: a fresh capture holding this workbench's recording of one GetParameterValues to the first
 * simulated CPE (other specs share this server: the capture must hold only what this spec did).
 */
async function recordGpv(api: Api): Promise<{ first: string; second: string; capture: string }> {
  const { devices } = (await api('devices/list')) as { devices: Array<{ id: string }> };
  const [first, second] = devices.map((d) => d.id).sort();
  const { capture } = (await api('captures/start', {})) as { capture: { name: string } };
  const { taskId } = (await api('tasks/create', {
    deviceId: first,
    rpc: { name: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SerialNumber', 'Device.WiFi.SSID.1.SSID'] },
    connectionRequest: true,
  })) as { taskId: string };
  await expect.poll(async () => ((await api('tasks/get', { taskId })) as Task).status, { timeout: 15_000 }).toBe('done');
  return { first, second, capture: capture.name };
}

test('replays a capture against another device and shows the differences side by side', async ({ app, workbench }) => {
  const { first, second, capture } = await recordGpv((m, p) => workbench.api(m, p));

  await app.getByTestId('nav-captures').click();
  const row = app.getByTestId('capture-list').getByRole('row').filter({ hasText: capture });
  await row.getByRole('button', { name: 'Open' }).click();
  await app.getByTestId('replay-acs').click();
  await app.getByTestId('replay-device').fill(second.split('-').pop()!);
  await app.getByTestId('dialog-submit').click();

  // The second CPE (known to the ACS) is asked for a session at once, and answers with its own serial number.
  await expect(app.getByTestId('replay-state')).toHaveText('differences', { timeout: 20_000 });
  await expect(app.getByTestId('replay-summary')).toContainText('1 requests, 0 same, 1 different');
  const diffRow = app.getByTestId('replay-diff-row').filter({ hasText: 'Device.DeviceInfo.SerialNumber' });
  await expect(diffRow).toContainText(first.split('-').pop()!);
  await expect(diffRow).toContainText(second.split('-').pop()!);
  await expect(app.getByTestId('replay-diff-row')).toHaveCount(1);

  const download = app.waitForEvent('download');
  await app.getByTestId('replay-export').click();
  const report = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  expect(report.device).toBe(second);
  expect(report.rpcs[0].differences).toEqual([
    { path: 'Device.DeviceInfo.SerialNumber', kind: 'value', recorded: first.split('-').pop(), replayed: second.split('-').pop() },
  ]);
});

test('clones the recorded device as a simulator profile', async ({ app, workbench }) => {
  const { capture } = await recordGpv((m, p) => workbench.api(m, p));
  await app.getByTestId('nav-captures').click();
  await app.getByTestId('capture-list').getByRole('row').filter({ hasText: capture }).getByRole('button', { name: 'Open' }).click();
  const download = app.waitForEvent('download');
  await app.getByTestId('replay-clone').click();
  const d = await download;
  expect(d.suggestedFilename()).toMatch(/^00CAFE-SimGateway-SIM00000\d\.profile\.json$/);
  const profile = JSON.parse(await readFile((await d.path())!, 'utf8'));
  expect(profile.format).toBe('cwmp-workbench-device');
  expect(profile.parameters.some((p: { name: string }) => p.name === 'Device.DeviceInfo.SerialNumber')).toBe(true);
});

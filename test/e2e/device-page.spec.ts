/**
 * The device page's small things: the connection-request banner goes once a later action happens, the row
 * "Jump to path" reached is marked, an out-of-range value names the model's range, deleting an instance
 * asks first, the table's NumberOfEntries follows an AddObject without a manual re-read, and the Sessions
 * tab is grouped by session.
 */
import { expect, test } from './fixtures';

test.use({ ownServer: true });

test('device page: banner, jump, range message, add/delete instance, sessions', async ({ app }) => {
  await expect(app.getByTestId('device-item')).toHaveCount(2, { timeout: 20_000 });
  await app.getByTestId('action-cr').click();
  await expect(app.getByTestId('cr-outcome')).toContainText('reached');

  await app.getByTestId('device-tab-parameters').click();
  const tree = app.getByTestId('parameter-tree');
  await tree.getByLabel('Jump to path').fill('Device.ManagementServer.');
  await tree.getByLabel('Jump to path').press('Enter');
  // A later action (this read) makes the connection request's outcome old news.
  await expect(app.getByTestId('cr-outcome')).toHaveCount(0, { timeout: 15_000 });
  await expect(tree.locator('[data-path="Device.ManagementServer."]')).toHaveClass(/\bjumped\b/, { timeout: 30_000 });
  await expect(tree.locator('.ptree-row.jumped')).toHaveCount(1);

  await expect(tree.getByTestId('last-read')).toContainText('Device.ManagementServer.', { timeout: 30_000 });
  await tree.getByLabel('Search parameters').fill('PeriodicInformInterval');
  const row = tree.locator('[data-path="Device.ManagementServer.PeriodicInformInterval"]');
  await row.getByTestId('param-value').click();
  await row.locator('input').fill('-5');
  await row.locator('input').press('Enter');
  // TR-181's minimum is 1: the message says so, not the bare unsignedInt range from 0.
  await expect(row).toContainText('at least 1');
  await expect(row).not.toContainText('between 0');
  await tree.getByRole('button', { name: 'Discard' }).click();
  await tree.getByLabel('Search parameters').fill('');

  // AddObject: the table's NumberOfEntries shows the new count without a manual re-read.
  await tree.getByLabel('Jump to path').fill('Device.DeviceInfo.');
  await tree.getByLabel('Jump to path').press('Enter');
  await expect(tree.getByTestId('last-read')).toContainText('Device.DeviceInfo.', { timeout: 30_000 });
  await tree.getByLabel('Search parameters').fill('Device.DeviceInfo.Location');
  const count = tree.locator('[data-path="Device.DeviceInfo.LocationNumberOfEntries"] [data-testid=param-value]');
  await expect(count).toHaveText(/^\d+$/, { timeout: 20_000 });
  const before = Number(await count.textContent());
  const table = tree.locator('[data-path="Device.DeviceInfo.Location."]');
  await table.getByTestId('add-instance').click();
  const change = tree.getByTestId('change-row').filter({ hasText: 'Add Device.DeviceInfo.Location.' });
  await expect(change.getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(count).toHaveText(String(before + 1), { timeout: 20_000 });
  const n = /instance (\d+)/.exec((await change.textContent()) ?? '')![1];

  // Deleting an instance asks first; Cancel sends nothing.
  const instance = tree.locator(`[data-path="Device.DeviceInfo.Location.${n}."]`);
  await expect(instance).toBeVisible({ timeout: 20_000 });
  await instance.getByTestId('delete-instance').click();
  const dialog = app.getByRole('dialog', { name: 'Delete this instance?' });
  await expect(dialog).toContainText(`Device.DeviceInfo.Location.${n}.`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(tree.getByTestId('change-row').filter({ hasText: `Delete Device.DeviceInfo.Location.${n}.` })).toHaveCount(0);
  await instance.getByTestId('delete-instance').click();
  await app.getByTestId('confirm-delete-instance').click();
  await expect(tree.getByTestId('change-row').filter({ hasText: `Delete Device.DeviceInfo.Location.${n}.` }).getByTestId('task-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(count).toHaveText(String(before), { timeout: 20_000 });
  await tree.getByLabel('Search parameters').fill('');

  await app.getByTestId('device-tab-sessions').click();
  const sessions = app.getByTestId('device-sessions');
  await expect(sessions.getByTestId('session-group').first()).toBeVisible();
  expect(await sessions.getByTestId('session-group').count()).toBeGreaterThan(1);
  // Newest session first; inside it the exchanges in order, so its first row is the Inform.
  await expect(sessions.getByTestId('session-exchange').first()).toContainText('Inform');
});

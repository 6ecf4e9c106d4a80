/**
 * The Tests view against the real headless workbench (`serve --sim 2`): pick a few cases, run them on a
 * simulated CPE, watch them finish, open a case's exchanges in the traffic detail, filter, and compare two runs.
 */
import { expect, screenshot, test } from './fixtures';

test.describe.configure({ mode: 'serial' });
// Test runs leave faults and sessions in the traffic list that other specs read: this spec gets its own server.
test.use({ ownServer: true });

const DEVICE = '00CAFE-SimGateway-SIM000002';
const FIRST = ['gpv.single', 'gpv.invalid-name', 'gpn.partial-path'];

async function pick(app: import('@playwright/test').Page, id: string): Promise<void> {
  const box = app.getByTestId(`tests-pick-${id}`);
  // Each area is a collapsed <details>: open it by its disclosure marker (not the area's own checkbox).
  if (!(await box.isVisible())) await app.locator('[data-testid="tests-picker"] details', { has: box }).locator('summary').click({ position: { x: 4, y: 8 } });
  await box.check();
}

test('runs a few picked cases on a simulated CPE and shows their verdicts and exchanges', async ({ app, workbench }) => {
  await expect(app.getByTestId('device-item')).toHaveCount(2, { timeout: 20_000 });
  await app.getByTestId('nav-tests').click();
  await app.getByTestId('tests-device').selectOption(DEVICE);
  await expect(app.getByTestId('tests-picked-count')).toContainText(/\d+ of \d+ picked/);
  await app.getByRole('button', { name: 'None' }).click();
  await expect(app.getByTestId('tests-picked-count')).toContainText(/^0 of/);
  for (const id of FIRST) await pick(app, id);
  await expect(app.getByTestId('tests-picked-count')).toContainText(/^3 of/);

  await app.getByTestId('tests-run').click();
  const progress = app.getByTestId('tests-progress');
  await expect(progress).toHaveAttribute('data-status', 'finished', { timeout: 45_000 });
  await expect(progress).toContainText('3/3');
  const table = app.getByTestId('tests-verdicts');
  for (const id of FIRST) await expect(table.getByTestId(`tests-row-${id}`)).toContainText('pass');

  // The same run through the API, as a script would see it.
  const { runs } = await workbench.api<{ runs: Array<{ runId: string; status: string; summary: { pass: number } }> }>('tests/runs', { deviceId: DEVICE });
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ status: 'finished', summary: { pass: 3 } });

  // A case opens its exchanges in the traffic detail.
  await table.getByTestId('tests-row-gpv.invalid-name').click();
  const detail = app.getByTestId('tests-case-detail');
  await expect(detail.getByTestId('tests-case-exchanges').getByRole('button', { name: /^#\d+$/ }).first()).toBeVisible();
  await expect(detail.getByTestId('traffic-detail')).toContainText('GetParameterValues', { timeout: 10_000 });
  await screenshot(app, 'tests');

  // The run's report, as the CLI's --html writes it, saved from the view.
  const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('tests-export-html').click()]);
  expect(download.suggestedFilename()).toMatch(/^cwmp-test-00CAFE-SimGateway-SIM000002-.*\.html$/);

  // Filters: nothing failed.
  await app.getByTestId('tests-filter-verdict').selectOption('fail');
  await expect(table.locator('tbody tr')).toHaveCount(0);
  await app.getByTestId('tests-filter-verdict').selectOption('all');
  await expect(table.locator('tbody tr')).toHaveCount(3);
});

test('compares two runs: the case only the second ran shows as changed', async ({ app }) => {
  await app.getByTestId('nav-tests').click();
  await app.getByTestId('tests-device').selectOption(DEVICE);
  await expect(app.getByTestId('tests-picked-count')).toContainText(/\d+ of \d+ picked/);
  await app.getByRole('button', { name: 'None' }).click();
  for (const id of [...FIRST, 'gpv.many']) await pick(app, id);
  await app.getByTestId('tests-run').click();
  await expect(app.getByTestId('tests-progress')).toHaveAttribute('data-status', 'finished', { timeout: 45_000 });
  await expect(app.getByTestId('tests-progress')).toContainText('4/4');

  const rows = app.getByTestId('tests-run-row');
  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await app.getByTestId('tests-compare').click();
  const cmp = app.getByTestId('tests-comparison');
  await expect(cmp.getByTestId('tests-changed-count')).toContainText('1 changed');
  await expect(cmp.getByTestId('tests-compare-gpv.many')).toContainText('not run');
});

test('stops a run of the whole suite part-way', async ({ app }) => {
  await app.getByTestId('nav-tests').click();
  await app.getByTestId('tests-device').selectOption(DEVICE);
  await expect(app.getByTestId('tests-picked-count')).toContainText(/\d+ of \d+ picked/);
  await app.getByRole('button', { name: 'All safe' }).click();
  await app.getByTestId('tests-run').click();
  const progress = app.getByTestId('tests-progress');
  // Live progress: some cases done while the run is still going.
  await expect(progress).toContainText(/^\s*[1-9]\d*\/\d+/, { timeout: 30_000 });
  await app.getByTestId('tests-stop').click();
  await expect(progress).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(app.getByTestId('tests-run-row').first()).toContainText('stopped');
});

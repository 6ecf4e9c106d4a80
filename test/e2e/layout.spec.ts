/**
 * Layout at the two common laptop sizes (1280×800, 1440×900): headers and toolbars are not clipped or
 * wrapped, long parameter names stay reachable (full path on hover), "+ instance" is not cut at the right
 * edge, and the change log does not squeeze the tree. Screenshots go to the test output for a human look.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ ownServer: true });

/** Children of `box` whose text is cut (ellipsis or overflow): their scrollWidth exceeds their clientWidth. */
async function clipped(box: Locator): Promise<string[]> {
  return box.evaluate((el) =>
    [...el.querySelectorAll(':scope > *')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent ?? ''),
  );
}

/** A toolbar that wrapped onto a second line is taller than one row of controls. */
async function wrapped(bar: Locator): Promise<boolean> {
  return bar.evaluate((el) => {
    const rects = [...el.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    return rects.some((a) => rects.some((b) => a.top >= b.bottom - 1));
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

for (const [width, height] of [
  [1280, 800],
  [1440, 900],
] as const) {
  test(`no clipping at ${width}×${height}`, async ({ app }) => {
    await app.setViewportSize({ width, height });
    await expect(app.getByTestId('device-item')).toHaveCount(2, { timeout: 20_000 });

    // Parameters: the toolbar stays on one line; long names are cut only visually, the full path is the title.
    await app.getByTestId('device-tab-parameters').click();
    const tree = app.getByTestId('parameter-tree');
    await tree.getByLabel('Jump to path').fill('Device.ManagementServer.');
    await tree.getByLabel('Jump to path').press('Enter');
    await expect(tree.getByTestId('last-read')).toContainText('Device.ManagementServer.', { timeout: 30_000 });
    await shot(app, `parameters-top-${width}`);
    expect(await wrapped(tree.locator('.toolbar').first()), 'parameter toolbar wraps').toBe(false);
    await tree.getByLabel('Search parameters').fill('ManagementServer.LightweightNotification');
    const lw = tree.locator('.ptree-row[data-path*="LightweightNotification"] .ptree-name');
    await expect(lw.first()).toBeVisible();
    expect(await lw.count()).toBeGreaterThan(1);
    const titles = await lw.evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    expect(new Set(titles).size, 'each long name has its own full path as title').toBe(titles.length);
    for (const t of titles) expect(t).toMatch(/^Device\.ManagementServer\.LightweightNotification/);
    // The names themselves are not cut: the column is wide enough, or resizable to be.
    const names = await lw.evaluateAll((cells) =>
      cells
        .map((cell) => ({ cell: cell.getBoundingClientRect(), leaf: cell.querySelector('span.mono:not(.parent-path)') }))
        .filter(({ cell, leaf }) => !leaf || leaf.getBoundingClientRect().right > cell.right + 1)
        .map(({ leaf }) => leaf?.textContent),
    );
    expect(names, 'long parameter names cut').toEqual([]);

    // A validation message wraps inside the value cell instead of being cut.
    await tree.getByLabel('Search parameters').fill('PeriodicInformInterval');
    const row = tree.locator('[data-path="Device.ManagementServer.PeriodicInformInterval"]');
    await row.getByTestId('param-value').click();
    await row.locator('input').fill('-5');
    await row.locator('input').press('Enter');
    const value = row.getByTestId('param-value');
    await expect(value).toContainText('at least 1');
    expect(await value.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1), 'validation message cut').toBe(true);
    await shot(app, `parameters-${width}`);
    await tree.getByRole('button', { name: 'Discard' }).click();

    // "+ instance" is inside the row, not cut at the right edge.
    await tree.getByLabel('Search parameters').fill('Device.DeviceInfo.Location');
    await tree.getByLabel('Jump to path').fill('Device.DeviceInfo.');
    await tree.getByLabel('Jump to path').press('Enter');
    const add = tree.locator('[data-path="Device.DeviceInfo.Location."]').getByTestId('add-instance');
    await expect(add).toBeVisible({ timeout: 30_000 });
    const box = await add.boundingBox();
    const rowBox = await tree.locator('.ptree').boundingBox();
    expect(box!.x + box!.width, '+ instance clipped').toBeLessThanOrEqual(rowBox!.x + rowBox!.width);
    expect(await add.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true);

    // Many changes: the log keeps to its share and the tree keeps most of the height.
    for (let i = 0; i < 4; i++) {
      await add.click();
    }
    await expect(tree.getByTestId('change-row').filter({ hasText: 'Add Device.DeviceInfo.Location.' })).toHaveCount(4, { timeout: 30_000 });
    const treeH = (await tree.locator('.ptree').boundingBox())!.height;
    const logH = (await tree.getByTestId('changes-log').boundingBox())!.height;
    expect(treeH, 'tree squeezed by the change log').toBeGreaterThan(logH * 1.5);
    await tree.getByLabel('Search parameters').fill('');
    await shot(app, `parameters-log-${width}`);

    // Traffic: no header cut ("cwm…", "HT…"), toolbar on one line.
    await app.getByTestId('nav-traffic').click();
    await expect(app.locator('.tl-row').first()).toBeVisible();
    await shot(app, `traffic-top-${width}`);
    expect(await clipped(app.locator('.tl-head')), 'traffic headers cut').toEqual([]);
    expect(await wrapped(app.locator('.main .toolbar').first()), 'traffic toolbar wraps').toBe(false);
    await shot(app, `traffic-${width}`);

    // Certificates: headers whole.
    await app.getByTestId('nav-certificates').click();
    await expect(app.getByTestId('cert-list')).toBeVisible();
    expect(await clipped(app.locator('[data-testid=cert-list] thead tr')), 'certificate headers cut').toEqual([]);
    expect(await wrapped(app.locator('.main .toolbar').first()), 'certificates toolbar wraps').toBe(false);
    await shot(app, `certificates-${width}`);
  });
}

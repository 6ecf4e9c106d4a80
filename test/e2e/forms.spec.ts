/**
 * Forms check what was typed before sending and say what is wrong beside the field, once: "abc" days no
 * longer creates a 3,650-day CA, and a bad IP address is named next to the IP field, not in a page banner.
 */
import { expect, test } from './fixtures';

test.use({ ownServer: true });

test('Create lab CA refuses "abc" days beside the field and creates nothing', async ({ app, workbench }) => {
  const before = (await workbench.api<{ certs: unknown[] }>('certs/list')).certs.length;
  await app.getByTestId('nav-certificates').click();
  await app.getByTestId('create-ca').click();
  await app.getByTestId('ca-cn').fill('Forms E2E CA');
  await app.getByTestId('ca-days').fill('abc');
  await app.getByTestId('dialog-submit').click();
  await expect(app.getByTestId('ca-days-error')).toHaveText('"abc" is not a number.');
  await expect(app.getByTestId('ca-days')).toHaveAttribute('aria-invalid', 'true');
  const { certs } = await workbench.api<{ certs: unknown[] }>('certs/list');
  expect(certs).toHaveLength(before);

  await app.getByTestId('ca-days').fill('30');
  await expect(app.getByTestId('ca-days-error')).toHaveCount(0);
  await app.getByTestId('dialog-submit').click();
  await expect(app.getByTestId('cert-detail')).toContainText('CN=Forms E2E CA', { timeout: 30_000 });
  const after = await workbench.api<{ certs: { commonName: string; daysLeft: number }[] }>('certs/list');
  expect(after.certs.find((c) => c.commonName === 'Forms E2E CA')?.daysLeft).toBeLessThanOrEqual(30);

  await app.getByTestId('issue-cert').click();
  await app.getByTestId('is-ip').fill('127.0.0.1, 1.2.3');
  await app.getByTestId('dialog-submit').click();
  await expect(app.getByTestId('is-ip-error')).toHaveText('"1.2.3" is not an IP address.');
  // Said once: beside the field, not again as a page banner in API words.
  await expect(app.getByText(/certs\/issue/)).toHaveCount(0);
  await expect(app.locator('.notice.fault')).toHaveCount(0);
});

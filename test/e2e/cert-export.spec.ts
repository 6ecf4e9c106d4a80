/**
 * Certificate exports in the browser (headless mode): the bytes come back from `certs/export` and the page
 * saves them as a download — a private key included — never as a file the service writes somewhere.
 */
import { readFile } from 'node:fs/promises';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { expect, test } from './fixtures';

test.use({ ownServer: true });

test('exports a certificate and its private key as browser downloads', async ({ app }) => {
  await app.getByTestId('nav-certificates').click();
  await app.getByTestId('create-ca').click();
  await app.getByTestId('ca-cn').fill('Export E2E CA');
  await app.getByTestId('dialog-submit').click();
  const detail = app.getByTestId('cert-detail');
  await expect(detail).toContainText('CN=Export E2E CA', { timeout: 30_000 });

  const pemDownload = app.waitForEvent('download');
  await detail.getByRole('button', { name: 'Export PEM' }).click();
  const pem = await pemDownload;
  expect(pem.suggestedFilename()).toMatch(/\.crt\.pem$/);
  const certPem = await readFile((await pem.path())!, 'utf8');
  const cert = new X509Certificate(certPem);
  expect(cert.subject).toContain('CN=Export E2E CA');

  const keyDownload = app.waitForEvent('download');
  await detail.getByRole('button', { name: 'Private key' }).click();
  const key = await keyDownload;
  expect(key.suggestedFilename()).toMatch(/\.key\.pem$/);
  const keyPem = await readFile((await key.path())!, 'utf8');
  expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  // The key is the certificate's.
  expect(createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'pem' })).toBe(cert.publicKey.export({ type: 'spki', format: 'pem' }));
  await expect(detail).toContainText(/Saved .*\.key\.pem/);
});

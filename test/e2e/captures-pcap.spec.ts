/**
 * The Captures view with packet captures: a pcap picked in the file chooser imports as a capture whose
 * CWMP session opens in the page; the capture and one of its sessions download as pcapng that import
 * back with the same messages.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { importPacketCapture } from '../../src-shared/capture/pcap/index';
import { parseCwmp, summarize } from '../../src-shared/cwmp/index';
import { gpv, gpvResponse, informResponse, informXml } from '../unit/capture/cwmp-bodies';
import { conversation, frame, httpRequest, httpResponse, ipOf, pcapFile } from '../unit/capture/pcap/synthetic';

// Imports change the captures list other specs read: a server of its own.
test.use({ ownServer: true });

const summarizeBody = (b: string) => ({ summary: summarize(parseCwmp(b)) });

test('imports a pcap and exports pcapng of the capture and of a session', async ({ app }) => {
  const pcap = pcapFile(
    conversation({
      client: '192.0.2.10',
      server: '192.0.2.1',
      pairs: [
        [httpRequest(informXml({ serial: 'E2E' })), httpResponse(informResponse())],
        [httpRequest(''), httpResponse(gpv('g1'))],
        [httpRequest(gpvResponse('g1')), httpResponse('')],
      ],
    }).map((p) => ({ ts: p.ts, data: frame(113, ipOf(p)) })),
    { linkType: 113 },
  );
  await app.getByTestId('nav-captures').click();
  const chooser = app.waitForEvent('filechooser');
  await app.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles({ name: 'site.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(pcap) });
  await expect(app.getByTestId('capture-import-notice')).toContainText('site.pcap imported.');
  const row = app.getByTestId('capture-list').getByRole('row').filter({ hasText: 'site.ndjson' });
  await row.getByRole('button', { name: 'Open' }).click();
  await expect(app.getByTestId('capture-exchange')).toHaveCount(3);
  await app.getByTestId('capture-exchange').filter({ hasText: '(empty) → GetParameterValues' }).click();
  await expect(app.getByTestId('capture-detail')).toContainText('Device.DeviceInfo.SoftwareVersion');

  const whole = app.waitForEvent('download');
  await row.getByRole('button', { name: 'pcapng' }).click();
  const d1 = await whole;
  expect(d1.suggestedFilename()).toBe('site.pcapng');
  const back = importPacketCapture(await readFile((await d1.path())!), { summarize: summarizeBody });
  expect(back.exchanges.map((x) => [x.cwmpRequest?.rpc ?? null, x.cwmpResponse?.rpc ?? null])).toEqual([
    ['Inform', 'InformResponse'],
    [null, 'GetParameterValues'],
    ['GetParameterValuesResponse', null],
  ]);

  await app.getByLabel('Session to export').selectOption({ index: 1 });
  const session = app.waitForEvent('download');
  await app.getByRole('button', { name: 'Session as pcapng' }).click();
  const d2 = await session;
  const s = importPacketCapture(await readFile((await d2.path())!), { summarize: summarizeBody });
  expect(s.exchanges).toHaveLength(3);
  expect(s.exchanges[0].request?.body.data).toBe(informXml({ serial: 'E2E' }));
});

test('a file in no known format is refused with a clear message', async ({ app }) => {
  await app.getByTestId('nav-captures').click();
  const chooser = app.waitForEvent('filechooser');
  await app.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles({ name: 'notes.pcap', mimeType: 'text/plain', buffer: Buffer.from('just some notes\n') });
  await expect(app.getByText(/not a capture file: the content is none of/)).toBeVisible();
});

/** `cwmp-workbench decode` as a user runs it: a real process, files and stdin. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCwmp } from '../../../src-shared/cwmp';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/cwmp');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(args: string[], stdin?: Uint8Array | string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The tsx that `npx tsx` resolves, without npx's own start-up cost.
    const child = spawn(TSX, ['src-main/cli/index.ts', 'decode', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'cwmp-decode-'));

describe('cwmp-workbench decode', () => {
  it('prints the decoded message as JSON', async () => {
    const r = await cli([join(FIXTURES, 'huawei-ont-inform-bootstrap-latin1.xml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(Object.keys(m)).toEqual(['namespace', 'version', 'header', 'rpc', 'warnings']);
    expect(m.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(m.header).toEqual({ id: '1804289383', idMustUnderstand: true });
    expect(m.rpc.name).toBe('Inform');
    expect(m.rpc.deviceId.serialNumber).toBe('48575443A1B2C3D4');
    expect(m.rpc.event).toEqual([
      { eventCode: '0 BOOTSTRAP', commandKey: '' },
      { eventCode: '1 BOOT', commandKey: '' },
    ]);
    expect(m.rpc.parameterList.at(-1)).toEqual({ name: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID', value: 'Café Müller', type: 'xsd:string' });
  });

  it("reads standard input with '-' and honours --content-type", async () => {
    const xml = buildCwmp({ rpc: { name: 'Reboot', commandKey: 'Caf\u00e9' } });
    const latin1 = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('<?xml version="1.0" encoding="ISO-8859-1"?>\n', ''), 'latin1');
    const r = await cli(['-', '--content-type', 'text/xml; charset=ISO-8859-1'], latin1);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rpc).toEqual({ name: 'Reboot', commandKey: 'Café' });
  });

  it('an empty body is rpc null', async () => {
    const r = await cli([], '');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ namespace: null, version: null, header: {}, rpc: null, warnings: [] });
  });

  it('bad input: a clear error on stderr, exit 1, nothing on stdout', async () => {
    const file = join(tmp, 'truncated.xml');
    writeFileSync(file, buildCwmp({ rpc: { name: 'GetRPCMethods' } }).slice(0, -20));
    const [r, dtd] = await Promise.all([cli([file]), cli(['-'], '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/truncated\.xml: truncated: .*line \d+, column \d+/);

    expect(dtd.code).toBe(1);
    expect(dtd.stderr).toMatch(/dtd-forbidden/);
  });

  it('a missing file or an unknown option: exit 1 with a message', async () => {
    const [missing, opt] = await Promise.all([cli([join(tmp, 'nope.xml')]), cli(['--frobnicate'])]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.xml: no such file/);
    expect(opt.code).toBe(1);
    expect(opt.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('--check validates values against the data model', async () => {
    const file = join(tmp, 'spv.xml');
    writeFileSync(
      file,
      buildCwmp({
        rpc: {
          name: 'SetParameterValues',
          parameterList: [
            { name: 'Device.ManagementServer.PeriodicInformInterval', value: 'soon', type: 'xsd:unsignedInt' },
            { name: 'Device.DeviceInfo.SerialNumber', value: 'X', type: 'xsd:string' },
            { name: 'Device.ManagementServer.PeriodicInformEnable', value: 'true', type: 'xsd:boolean' },
          ],
          parameterKey: '',
        },
      }),
    );
    const [r, clean] = await Promise.all([cli([file, '--check']), cli([join(FIXTURES, 'zte-gpv-response-bom-crlf.xml'), '--check'])]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.rpc.name).toBe('SetParameterValues');
    expect(out.check.model).toMatch(/^Device:2\./);
    const paths = out.check.issues.filter((i: { severity: string }) => i.severity === 'error').map((i: { path: string }) => i.path);
    expect(paths).toContain('Device.ManagementServer.PeriodicInformInterval');
    expect(paths).toContain('Device.DeviceInfo.SerialNumber');
    expect(paths).not.toContain('Device.ManagementServer.PeriodicInformEnable');
    expect(r.stderr).toMatch(/check: 2 error\(s\)/);

    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).check.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
  });
});

/** The shell's pure security pieces: who may call over IPC, the window's webPreferences, the CSP. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withCsp } from '../../../src-main/electron/csp';
import { isTrustedSender, UNTRUSTED_SENDER, type IpcCaller } from '../../../src-main/electron/ipc-guard';
import { mainWindowOptions, secureWebPreferences } from '../../../src-main/electron/window-options';
import { cspProblems, parseCsp } from './csp-check';

const RENDERER = 'file:///opt/cwmp-workbench/resources/app/out/renderer/index.html';

function contents(url = RENDERER): { mainFrame: { url: string } } {
  return { mainFrame: { url } };
}
function call(sender: { mainFrame: { url: string } }, frame: { url: string } | null = sender.mainFrame): IpcCaller {
  return { sender, senderFrame: frame };
}

describe('isTrustedSender', () => {
  it("accepts the window's own top frame showing our page, with or without query and fragment", () => {
    const wc = contents();
    expect(isTrustedSender(call(wc), wc, RENDERER)).toBe(true);
    wc.mainFrame.url = `${RENDERER}?view=traffic#/devices/OUI-PC-SN`;
    expect(isTrustedSender(call(wc), wc, RENDERER)).toBe(true);
  });

  it('refuses another web contents, even one showing the same page', () => {
    const ours = contents();
    const other = contents();
    expect(isTrustedSender(call(other), ours, RENDERER)).toBe(false);
  });

  it('refuses everything while there is no window', () => {
    const wc = contents();
    expect(isTrustedSender(call(wc), null, RENDERER)).toBe(false);
    expect(isTrustedSender(call(wc), undefined, RENDERER)).toBe(false);
  });

  it('refuses a subframe of our window, even one at our URL, and a frame that is gone', () => {
    const wc = contents();
    expect(isTrustedSender(call(wc, { url: RENDERER }), wc, RENDERER)).toBe(false);
    expect(isTrustedSender(call(wc, { url: 'https://ads.example/frame.html' }), wc, RENDERER)).toBe(false);
    expect(isTrustedSender(call(wc, null), wc, RENDERER)).toBe(false);
  });

  it('refuses our window once its top frame shows anything else', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:7547/',
      'file:///tmp/index.html',
      `${RENDERER}.evil.html`,
      'file:///opt/cwmp-workbench/resources/app/out/renderer/other.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
    ]) {
      const wc = contents(url);
      expect(isTrustedSender(call(wc), wc, RENDERER), url).toBe(false);
    }
  });

  it('answers refusals as an unauthorized error outcome, the shape dispatch uses', () => {
    expect(UNTRUSTED_SENDER).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('window options', () => {
  it('isolates the preload, keeps Node out of the page and sandboxes it', () => {
    const prefs = secureWebPreferences('/app/out/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    // Nothing that re-opens Node or remote content in some other way.
    for (const key of ['nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webviewTag', 'experimentalFeatures', 'enableBlinkFeatures']) {
      expect(prefs[key as keyof typeof prefs], key).toBeFalsy();
    }
  });

  it('places the window at the remembered bounds, hidden until painted, with the secure preferences', () => {
    const withPos = mainWindowOptions({ x: 40, y: 30, width: 1200, height: 800, maximized: false }, '/p.cjs');
    expect(withPos).toMatchObject({ x: 40, y: 30, width: 1200, height: 800, show: false });
    expect(withPos.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    const centred = mainWindowOptions({ width: 1440, height: 900, maximized: true }, '/p.cjs');
    expect('x' in centred || 'y' in centred).toBe(false);
    expect(centred).toMatchObject({ width: 1440, height: 900 });
  });
});

describe('content security policy', () => {
  it('the header policy is strict: scripts from self only, no eval, no plugins, no framing', () => {
    expect(cspProblems(CONTENT_SECURITY_POLICY, 'header')).toEqual([]);
    const csp = parseCsp(CONTENT_SECURITY_POLICY);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('the checker itself catches weak policies', () => {
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'", 'meta')).toContain('allows eval');
    expect(cspProblems("default-src *; object-src 'none'; base-uri 'none'", 'meta')).toEqual(
      expect.arrayContaining(["script-src is \"*\", not 'self'", 'default-src has a wildcard']),
    );
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-inline'", 'meta').length).toBeGreaterThan(0);
    expect(cspProblems("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'", 'header')).toEqual([
      "frame-ancestors is not 'none'",
    ]);
  });

  it('withCsp adds the policy and replaces a response policy of the same name', () => {
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    const out = withCsp({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["script-src * 'unsafe-eval'"] });
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it("the renderer's index.html carries a strict <meta> policy too (file:// pages get no response headers)", () => {
    const html = readFileSync(resolve(__dirname, '../../../src-renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'index.html has a CSP meta tag').not.toBeNull();
    expect(cspProblems(meta![1], 'meta')).toEqual([]);
  });
});

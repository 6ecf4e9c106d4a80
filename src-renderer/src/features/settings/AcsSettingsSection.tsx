import { useCallback, useState, type ReactElement } from 'react';
import type { AcsSettingsView } from '../../../../src-shared/api/index';
import { useStores } from '../../app/context';
import { errorText } from '../../state/caller';
import { useLoadAndFollow } from '../../lib/use-load-and-follow';
import { formFromView, patchFromForm, type AcsForm } from './acs-settings-form';

/** The embedded ACS's settings: how CPEs authenticate, HoldRequests, timeouts. Applies to the next session. */
export function AcsSettingsSection(): ReactElement {
  const { client } = useStores();
  const [view, setView] = useState<AcsSettingsView | null>(null);
  const [form, setForm] = useState<AcsForm | null>(null);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      const got = await client.call('settings/get', {});
      setView(got.acs);
      setForm(formFromView(got.acs));
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  }, [client]);

  // Another window (or a script) may change them too.
  useLoadAndFollow(client, load, (e) => {
    if (e.event === 'settings/changed') {
      setView(e.data.acs);
      setForm(formFromView(e.data.acs));
    }
  });

  if (!view || !form) {
    return (
      <section className="card" data-testid="acs-settings">
        <h3>ACS</h3>
        <div className={error ? 'error-text' : 'muted'}>{error || 'Loading…'}</div>
      </section>
    );
  }

  const set = <K extends keyof AcsForm>(key: K, value: AcsForm[K]): void => {
    setForm({ ...form, [key]: value });
    setSaved(false);
    setError('');
  };
  const outcome = patchFromForm(view, form);
  const dirty = 'patch' in outcome ? Object.keys(outcome.patch).length > 0 : true;

  const save = async (): Promise<void> => {
    if ('error' in outcome) {
      setError(outcome.error);
      return;
    }
    setBusy(true);
    try {
      const next = await client.call('settings/update', { acs: outcome.patch });
      setView(next.acs);
      setForm(formFromView(next.acs));
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const authOn = form.mode !== 'none';
  return (
    <section className="card" data-testid="acs-settings">
      <h3>ACS</h3>
      <div className="form" style={{ marginTop: 8 }}>
        <label htmlFor="acs-auth-mode">CPE authentication</label>
        <select id="acs-auth-mode" className="input" style={{ width: 200 }} value={form.mode} onChange={(e) => set('mode', e.target.value as AcsForm['mode'])}>
          <option value="none">None</option>
          <option value="basic">Basic</option>
          <option value="digest">Digest (qop=auth)</option>
        </select>
        <label htmlFor="acs-auth-user">Username</label>
        <input id="acs-auth-user" className="input" style={{ width: 260 }} value={form.username} disabled={!authOn} onChange={(e) => set('username', e.target.value)} autoComplete="off" />
        <label htmlFor="acs-auth-pass">Password</label>
        <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <input
            id="acs-auth-pass"
            className="input"
            style={{ width: 260 }}
            type="password"
            value={form.password}
            disabled={!authOn || form.clearPassword}
            placeholder={view.auth.passwordSet ? 'stored — type to replace' : 'not set'}
            onChange={(e) => set('password', e.target.value)}
            autoComplete="new-password"
          />
          {view.auth.passwordSet ? (
            <label className="muted">
              <input type="checkbox" checked={form.clearPassword} disabled={!authOn} onChange={(e) => set('clearPassword', e.target.checked)} /> clear
            </label>
          ) : null}
        </span>
        <label htmlFor="acs-auth-realm">Realm</label>
        <input id="acs-auth-realm" className="input" style={{ width: 260 }} value={form.realm} disabled={!authOn} onChange={(e) => set('realm', e.target.value)} />
        <label htmlFor="acs-hold">HoldRequests</label>
        <label className="muted">
          <input id="acs-hold" type="checkbox" checked={form.holdRequests} onChange={(e) => set('holdRequests', e.target.checked)} /> the CPE keeps its own requests for a later session
        </label>
        <label htmlFor="acs-session-timeout">Session timeout (s)</label>
        <input id="acs-session-timeout" className="input" style={{ width: 100 }} inputMode="decimal" value={form.sessionTimeoutSec} onChange={(e) => set('sessionTimeoutSec', e.target.value)} />
        <label htmlFor="acs-transfer-timeout">Transfer timeout (min)</label>
        <input id="acs-transfer-timeout" className="input" style={{ width: 100 }} inputMode="decimal" value={form.transferTimeoutMin} onChange={(e) => set('transferTimeoutMin', e.target.value)} />
        <label htmlFor="acs-cr-timeout">Connection request timeout (s)</label>
        <input id="acs-cr-timeout" className="input" style={{ width: 100 }} inputMode="decimal" value={form.connectionRequestTimeoutSec} onChange={(e) => set('connectionRequestTimeoutSec', e.target.value)} />
        <label htmlFor="acs-file-max">Largest file in the file store (MiB)</label>
        <input id="acs-file-max" className="input" style={{ width: 100 }} inputMode="decimal" value={form.fileMaxMiB} onChange={(e) => set('fileMaxMiB', e.target.value)} />
        <label htmlFor="acs-file-store-max">File store size (MiB)</label>
        <input id="acs-file-store-max" className="input" style={{ width: 100 }} inputMode="decimal" value={form.fileStoreMaxMiB} onChange={(e) => set('fileStoreMaxMiB', e.target.value)} />
        <label htmlFor="acs-traffic-memory">Traffic kept in memory (MiB)</label>
        <input id="acs-traffic-memory" className="input" style={{ width: 100 }} inputMode="decimal" value={form.trafficMemoryMiB} onChange={(e) => set('trafficMemoryMiB', e.target.value)} />
        <label htmlFor="acs-cwmp-version">Highest CWMP version</label>
        <select id="acs-cwmp-version" className="input" style={{ width: 100 }} value={form.maxCwmpVersion} onChange={(e) => set('maxCwmpVersion', e.target.value as AcsForm['maxCwmpVersion'])}>
          {(['1.0', '1.1', '1.2', '1.3', '1.4'] as const).map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </div>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 10 }}>
        <button type="button" className="btn primary" disabled={busy || !dirty} onClick={() => void save()}>
          Save
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || !dirty}
          onClick={() => {
            setForm(formFromView(view));
            setError('');
          }}
        >
          Revert
        </button>
        {'error' in outcome ? <span className="error-text">{outcome.error}</span> : null}
        {error ? <span className="error-text">{error}</span> : null}
        {saved && !dirty ? <span className="badge ok">saved — applies from the next CPE session</span> : null}
      </div>
    </section>
  );
}

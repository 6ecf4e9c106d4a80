import { useState, type ReactElement } from 'react';
import { useSlice, useStores } from '../../app/context';
import { Dialog } from '../../lib/Dialog';
import { saveFile } from '../../lib/file-io';
import { errorText } from '../../state/caller';
// Extra patterns add to the default volatile list rather than replace it.
import { DEFAULT_VOLATILE as DEFAULT_IGNORE } from '../../../../src-shared/replay/volatile';

function Buttons({ onClose, label, onSubmit }: { onClose: () => void; label: string; onSubmit: () => void }): ReactElement {
  const { replay } = useStores();
  const error = useSlice(replay, (s) => s.error);
  return (
    <>
      {error ? <div className="error-text">{error}</div> : null}
      <div className="buttons">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn primary" onClick={onSubmit} data-testid="dialog-submit">
          {label}
        </button>
      </div>
    </>
  );
}

function AcsDialog({ capture, onClose }: { capture: string; onClose: () => void }): ReactElement {
  const { replay } = useStores();
  const [device, setDevice] = useState('');
  const [wait, setWait] = useState('300');
  const [ignore, setIgnore] = useState('');
  const submit = async (): Promise<void> => {
    const extra = ignore.split(/[\s,]+/).filter(Boolean);
    await replay.getState().startAcs(capture, {
      ...(device.trim() ? { device: device.trim() } : {}),
      waitSeconds: Math.max(1, Number(wait) || 300),
      ...(extra.length ? { ignore: [...DEFAULT_IGNORE, ...extra] } : {}),
    });
    if (!replay.getState().error) onClose();
  };
  return (
    <Dialog title="Replay against a device" onClose={onClose}>
      <p className="muted" style={{ margin: 0 }}>
        This workbench&apos;s ACS waits for the bench CPE to inform, plays it what the recorded ACS sent in <span className="mono">{capture}</span>, session by
        session, and compares each answer with the recorded one.
      </p>
      <div className="form">
        <label htmlFor="replay-device">Bench CPE</label>
        <input id="replay-device" className="input" placeholder="serial or OUI-Class-Serial (default: the first to inform)" value={device} onChange={(e) => setDevice(e.target.value)} data-testid="replay-device" />
        <label htmlFor="replay-wait">Wait (s)</label>
        <input id="replay-wait" className="input" inputMode="numeric" value={wait} onChange={(e) => setWait(e.target.value)} />
        <label htmlFor="replay-ignore">Also ignore</label>
        <input id="replay-ignore" className="input" placeholder="glob patterns, e.g. *.Hosts.*" value={ignore} onChange={(e) => setIgnore(e.target.value)} />
      </div>
      <Buttons onClose={onClose} label="Start replay" onSubmit={() => void submit()} />
    </Dialog>
  );
}

function CpeDialog({ capture, onClose }: { capture: string; onClose: () => void }): ReactElement {
  const { replay } = useStores();
  const [acsUrl, setAcsUrl] = useState('');
  const [serial, setSerial] = useState('');
  const [wait, setWait] = useState('300');
  const submit = async (): Promise<void> => {
    await replay.getState().startCpe(capture, {
      ...(acsUrl.trim() ? { acsUrl: acsUrl.trim() } : {}),
      ...(serial.trim() ? { serial: serial.trim() } : {}),
      waitSeconds: Math.max(1, Number(wait) || 300),
    });
    if (!replay.getState().error) onClose();
  };
  return (
    <Dialog title="Run as a virtual CPE" onClose={onClose}>
      <p className="muted" style={{ margin: 0 }}>
        A copy of the recorded device informs the ACS and answers as the device did; the report shows where the ACS now behaves differently.
      </p>
      <div className="form">
        <label htmlFor="replay-acs">ACS URL</label>
        <input id="replay-acs" className="input" placeholder="default: this workbench's ACS" value={acsUrl} onChange={(e) => setAcsUrl(e.target.value)} data-testid="replay-acs-url" />
        <label htmlFor="replay-serial">Serial number</label>
        <input id="replay-serial" className="input" placeholder="default: the recorded one" value={serial} onChange={(e) => setSerial(e.target.value)} />
        <label htmlFor="replay-cpe-wait">Wait (s)</label>
        <input id="replay-cpe-wait" className="input" inputMode="numeric" value={wait} onChange={(e) => setWait(e.target.value)} />
      </div>
      <Buttons onClose={onClose} label="Start virtual CPE" onSubmit={() => void submit()} />
    </Dialog>
  );
}

/** "Replay against a device…", "Run as a virtual CPE…", "Clone as simulator profile" for one capture. */
export function ReplayActions({ capture }: { capture: string }): ReactElement {
  const { replay } = useStores();
  const [dialog, setDialog] = useState<'acs' | 'cpe' | null>(null);
  const clone = async (): Promise<void> => {
    const r = await replay.getState().clone(capture);
    if (!r) return;
    await saveFile({
      suggestedName: r.fileName,
      data: `${JSON.stringify(r.profile, null, 2)}\n`,
      mediaType: 'application/json',
      filters: [{ name: 'Simulator profile', extensions: ['json'] }],
    }).catch((err: unknown) => replay.setState({ error: errorText(err) }));
  };
  return (
    <>
      <button type="button" className="btn small" onClick={() => setDialog('acs')} data-testid="replay-acs" title="Play the recorded ACS's requests to a bench CPE and compare its answers">
        Replay against a device…
      </button>
      <button type="button" className="btn small" onClick={() => setDialog('cpe')} data-testid="replay-cpe" title="A virtual copy of the recorded device, against an ACS">
        Run as a virtual CPE…
      </button>
      <button type="button" className="btn small" onClick={() => void clone()} data-testid="replay-clone" title="For serve --sim N --sim-profile FILE">
        Clone as simulator profile
      </button>
      {dialog === 'acs' ? <AcsDialog capture={capture} onClose={() => setDialog(null)} /> : null}
      {dialog === 'cpe' ? <CpeDialog capture={capture} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

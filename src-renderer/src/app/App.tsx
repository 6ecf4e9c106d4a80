import { useEffect, type ReactElement } from 'react';
import { BenchView } from '../features/bench/BenchView';
import { CapturesView } from '../features/captures/CapturesView';
import { CertificatesView } from '../features/certificates/CertificatesView';
import { ProxyView } from '../features/proxy/ProxyView';
import { SettingsView } from '../features/settings/SettingsView';
import { TestsView } from '../features/tests/TestsView';
import { TrafficView } from '../features/traffic/TrafficView';
import { VIEWS, type View } from '../state/navigation';
import { useSlice, useStores } from './context';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';

function assertNever(x: never): never {
  throw new Error(`Unknown view ${String(x)}`);
}

function CurrentView({ view }: { view: View }): ReactElement {
  switch (view) {
    case 'bench':
      return <BenchView />;
    case 'traffic':
      return <TrafficView />;
    case 'tests':
      return <TestsView />;
    case 'proxy':
      return <ProxyView />;
    case 'captures':
      return <CapturesView />;
    case 'certificates':
      return <CertificatesView />;
    case 'settings':
      return <SettingsView />;
    default:
      return assertNever(view);
  }
}

export function App(): ReactElement {
  const stores = useStores();
  const view = useSlice(stores.navigation, (s) => s.view);
  const link = useSlice(stores.connection, (s) => s.link);
  const loaded = useSlice(stores.devices, (s) => s.loaded);

  // Alt+1…5 switch views, as in most desktop tools; the sidebar shows the keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= VIEWS.length) {
        e.preventDefault();
        stores.navigation.getState().go(VIEWS[n - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores]);

  return (
    <div className="shell" data-testid={link === 'open' && loaded ? 'app-ready' : 'app-loading'}>
      <Sidebar />
      <main className="main" aria-label={view}>
        <CurrentView view={view} />
      </main>
      <StatusBar />
    </div>
  );
}

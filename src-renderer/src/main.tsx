import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { App } from './app/App';
import { connectStores, createStores } from './app/bootstrap';
import { StoresContext } from './app/context';
import './styles.css';

const theme = localStorage.getItem('cwmp-workbench-theme');
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;

const stores = createStores(createClient());
connectStores(stores);

createRoot(document.getElementById('root')!).render(
  <StoresContext.Provider value={stores}>
    <App />
  </StoresContext.Provider>,
);

/** Which view is showing. Mirrored in `location.hash` so reloads and the back button keep the place. */
import { createStore, type StoreApi } from 'zustand/vanilla';

export const VIEWS = ['bench', 'traffic', 'tests', 'proxy', 'captures', 'certificates', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export interface NavigationState {
  view: View;
  go(view: View): void;
}

export type NavigationStore = StoreApi<NavigationState>;

export function parseView(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '').split('/')[0];
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}

export function createNavigationStore(initial: View = 'bench'): NavigationStore {
  return createStore<NavigationState>()((set) => ({
    view: initial,
    go(view) {
      set({ view });
    },
  }));
}

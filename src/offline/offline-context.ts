import { createContext, useContext } from 'solid-js';
import { withoutServiceWorker, type OfflineApp } from './service-worker-client';

/** The app's service worker connection; without a provider (component tests), none. */
const OfflineContext = createContext<OfflineApp>(withoutServiceWorker());

export const OfflineProvider = OfflineContext.Provider;

export function useOffline(): OfflineApp {
  return useContext(OfflineContext);
}

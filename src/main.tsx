import { render } from 'solid-js/web';
import { App } from './App';
import { OfflineProvider } from './offline/offline-context';
import { startOfflineApp, withoutServiceWorker } from './offline/service-worker-client';
import { early, installOffers } from './start/early';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// Started before the app renders, so the first visit's reload into isolation (if the
// host sends no COOP/COEP) happens as early as it can; a page that needs no reload
// registers its worker after the notebook's start-up (service-worker-client.ts).
const base = import.meta.env.BASE_URL;
const offline = import.meta.env.PROD ? startOfflineApp(`${base}sw.js`, base) : withoutServiceWorker();

render(
  () => (
    <OfflineProvider value={offline}>
      <App early={early} installOffers={installOffers} />
    </OfflineProvider>
  ),
  root,
);

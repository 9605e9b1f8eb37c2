/** This page's early start (early-start.ts), made once, as the page's first module runs. */
import { startEarly } from './early-start';
import { catchInstallOffers } from '../offline/install-offers';

export const early = startEarly(indexedDB, 'locks' in navigator ? navigator.locks : undefined, location.hash);

/** The browser's install offer can come before the app has rendered (install-offers.ts). */
export const installOffers = catchInstallOffers(window);

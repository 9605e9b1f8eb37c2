/** This page's early start (early-start.ts), made once, as the page's first module runs. */
import { startEarly } from './early-start';

export const early = startEarly(indexedDB, 'locks' in navigator ? navigator.locks : undefined, location.hash);

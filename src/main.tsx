import { prestartKernel } from './kernel-launch';
import { captureInstallOffer } from './offline/early-install-offer';

// The page's entry is only this: it starts the kernel (when the page may already use it)
// and then loads the app. Python's start-up, the longest wait of a reload, overlaps the
// app's download, evaluation, IndexedDB reads and first render instead of following
// them. The build preloads the app's chunk from index.html, so it downloads beside this one.
captureInstallOffer();
prestartKernel({ hasServiceWorker: import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator });
void import('./app-main');

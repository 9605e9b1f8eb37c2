/** The app's HTML entry under the service worker's scope (the base path). */
export function appEntryURL(scope: string): string {
  return new URL('index.html', scope).href;
}

/**
 * Navigations that open the app: the scope itself or its index.html, with any query
 * (the notebook is named in the hash, which never reaches the server). Other paths are
 * files, served as themselves.
 */
export function isAppNavigation(url: URL, scope: string): boolean {
  const base = new URL(scope);
  return url.origin === base.origin && (url.pathname === base.pathname || url.pathname === `${base.pathname}index.html`);
}

/**
 * The headers that make a page cross-origin isolated (and so give it SharedArrayBuffer,
 * which is how Python is interrupted without losing its namespace). A static host usually
 * cannot set them; the service worker adds them to what pages and workers are made from.
 *
 * `require-corp` rather than `credentialless`: every subresource is same-origin, and the
 * HTML-output frame is an opaque-origin `srcdoc` frame that inherits the policy and loads
 * nothing (its CSP is `default-src 'none'`).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** What documents and workers are made from: the responses COOP and COEP act on. */
const ISOLATED_DESTINATIONS: ReadonlySet<RequestDestination> = new Set<RequestDestination>(['document', 'iframe', 'frame', 'embed', 'object', 'worker', 'sharedworker']);

/**
 * Whether the response to `request` must carry the isolation headers: only what a
 * document or a worker is made from. Everything else here is a same-origin subresource
 * (a script, a style, a file a script fetches), which needs neither COEP nor CORP, and
 * is served exactly as Cache Storage returns it. Chromium keeps V8's compiled code
 * beside such a cache entry and starts the next load from it, and does not for a
 * response the worker rebuilt (`new Response`): PGlite's and Python's wasm engines and
 * Python's 1.25 MB of JavaScript glue were compiled again on every start.
 */
export function needsIsolationHeaders(request: Pick<Request, 'destination'>): boolean {
  return ISOLATED_DESTINATIONS.has(request.destination);
}

/** Statuses whose responses must not carry a body (the Response constructor throws). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The same response with the isolation headers; opaque and error responses pass unchanged.
 * The body is taken as a Blob: for a cached response that is a handle to the stored
 * bytes, which the browser streams to the page itself, where a ReadableStream body would
 * be pumped chunk by chunk through this worker's JavaScript (measured: a 9.6 MB wasm
 * took seconds longer that way).
 */
export async function withIsolationHeaders(response: Response): Promise<Response> {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error' || response.status === 0) {
    return response;
  }
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(NULL_BODY.has(response.status) ? null : await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

import { preview, type PreviewServer } from 'vite';
import { buildApp } from './builds';
import type { TestProject } from 'vitest/node';
import { serveStatic, type StaticServer } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The same build served as a plain static host does: no COOP/COEP, no cache headers. */
    plainURL: string;
  }
}

let server: PreviewServer | undefined;
let plain: StaticServer | undefined;

/** Builds the production app and serves it on loopback for the end-to-end tests. */
export async function setup(project: TestProject): Promise<void> {
  await buildApp({ outDir: 'dist' });
  server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report a URL');
  project.provide('baseURL', url);
  plain = await serveStatic('dist');
  project.provide('plainURL', plain.url);
}

export async function teardown(): Promise<void> {
  await server?.close();
  await plain?.close();
}

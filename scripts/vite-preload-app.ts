/**
 * The page's entry (src/boot.ts) loads the app (src/main.tsx) with a dynamic import, once it
 * has asked for the store's first read. So that the app's files are not fetched only then,
 * the HTML names them: a `modulepreload` for the app's chunk and every chunk it imports
 * statically, and its stylesheets (as before, render-blocking: no unstyled first frame).
 */
import type { Plugin } from 'vite';

interface Chunk {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly facadeModuleId: string | null;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
  readonly viteMetadata?: { readonly importedCss: ReadonlySet<string> };
}

export function preloadAppPlugin(appEntry = '/src/main.tsx'): Plugin {
  let base = '/';
  return {
    name: 'ripple-preload-app',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const chunks = new Map(Object.values(bundle).filter((c): c is typeof c & Chunk => c.type === 'chunk').map((c) => [c.fileName, c as unknown as Chunk]));
        const app = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(appEntry));
        if (!app) return []; // another page (the bench's)
        const files = new Set<string>();
        const visit = (name: string): void => {
          if (files.has(name)) return;
          files.add(name);
          for (const next of chunks.get(name)?.imports ?? []) visit(next);
        };
        visit(app.fileName);
        const css = new Set([...files].flatMap((name) => [...(chunks.get(name)?.viteMetadata?.importedCss ?? [])]));
        return [
          ...[...css].map((href) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: base + href }, injectTo: 'head' as const })),
          // The entry itself is the page's script already.
          ...[...files].filter((name) => !chunks.get(name)?.isEntry).map((href) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: base + href }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

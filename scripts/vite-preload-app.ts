import type { HtmlTagDescriptor, Plugin } from 'vite';

interface BundleChunk {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly facadeModuleId: string | null;
  readonly imports: readonly string[];
  readonly viteMetadata?: { readonly importedCss: ReadonlySet<string> };
}
type BundleItem = BundleChunk | { readonly type: 'asset'; readonly fileName: string };

/**
 * The page's entry (src/main.tsx) starts the kernel and then imports the app
 * (`entryModule`) dynamically, so that the kernel does not wait for the app's code. Left
 * alone, the browser would discover the app's chunks only once the entry has run: one
 * round trip later. This adds `<link rel="modulepreload">` for the app's chunk and every
 * chunk it imports statically, and a preload of its stylesheets, to index.html, so they download beside
 * the entry. Dev serves modules directly and is left unchanged.
 */
export function preloadAppPlugin(entryModule: string): Plugin {
  let base = '/';
  return {
    name: 'ripple:preload-app',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle as Record<string, BundleItem> | undefined;
        // Only the app's page: the bench builds pages of its own with this config.
        if (!bundle || ctx.path !== '/index.html') return [];
        const chunks = Object.values(bundle).filter((item): item is BundleChunk => item.type === 'chunk');
        const app = chunks.find((chunk) => chunk.facadeModuleId?.replace(/\\/g, '/').endsWith(entryModule));
        if (!app) throw new Error(`preloadAppPlugin: no chunk for ${entryModule}; is it still imported dynamically by the entry?`);
        const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (chunk: BundleChunk): void => {
          if (scripts.has(chunk.fileName)) return;
          scripts.add(chunk.fileName);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const name of chunk.imports) {
            const imported = byName.get(name);
            if (imported) visit(imported);
          }
        };
        visit(app);
        const tags: HtmlTagDescriptor[] = [
          // Preloaded, not linked: a stylesheet link would hold back the entry (module
          // scripts wait for pending stylesheets). Vite's import() helper then links it
          // from this preload and waits for it, so the app never renders unstyled.
          ...[...styles].map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `${base}${file}` }, injectTo: 'head' as const })),
          ...[...scripts].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` }, injectTo: 'head' as const })),
        ];
        return tags;
      },
    },
  };
}

import type { Plugin } from 'vite';
import { pgliteTemplate } from './pglite-template.ts';

/** URL path of the initialised data directory a new notebook database starts from. */
export const PGLITE_TEMPLATE_PATH = 'pglite/template.tar.gz';

/** Serves (dev) or emits (build) the PGlite template data directory. */
export function pgliteTemplateAsset(): Plugin {
  return {
    name: 'ripple:pglite-template',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `/${PGLITE_TEMPLATE_PATH}`) return next();
        pgliteTemplate().then(
          (bytes) => {
            res.setHeader('Content-Type', 'application/gzip');
            res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
            res.end(bytes);
          },
          (error: unknown) => next(error),
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: PGLITE_TEMPLATE_PATH, source: await pgliteTemplate() });
    },
  };
}

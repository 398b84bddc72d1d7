/**
 * The Content-Security-Policy of the built pages (index.html, landscape.html, sweep.html): scripts, workers, styles,
 * data and images only from the page's own origin; no inline script, no eval, no plugins, no framing.
 * It goes in two places from this one source: a <meta http-equiv> tag written into the built HTML (so any
 * static host serves it) and a response header of `vite preview` with those pages (which can also say
 * frame-ancestors, a directive a meta tag cannot carry). The dev server has none: Vite's hot reload injects inline code.
 * script-src grants 'wasm-unsafe-eval' and nothing more: the CPU engine (engine/wasm/) compiles the
 * WebAssembly modules it writes in the page (WebAssembly.compile), which CSP governs like eval; JavaScript
 * eval stays forbidden ('unsafe-eval' is not granted). Its helper threads are same-origin module workers
 * (worker-src 'self'; no blob: URLs).
 */
import type { Plugin } from 'vite';

const DIRECTIVES: ReadonlyArray<[string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self'"],
  // React and recharts set element styles through the CSSOM (element.style), which style-src does not govern
  ['style-src', "'self'"],
  // canvases are drawn in script; the favicon and built assets are same-origin files
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  // the MNIST files and the app's own modules
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
];

/** Directives only a response header can carry (a meta tag's copy would be ignored, with a console warning). */
const HEADER_ONLY: ReadonlyArray<[string, string]> = [['frame-ancestors', "'none'"]];

const join = (list: ReadonlyArray<[string, string]>) => list.map(([k, v]) => `${k} ${v}`).join('; ');

/** The policy as a <meta http-equiv> tag may state it. */
export const CSP_META = join(DIRECTIVES);
/** The policy as the preview server's response header states it. */
export const CSP_HEADER = join([...DIRECTIVES, ...HEADER_ONLY]);

/** The pages people use get the policy; the test harness and the benchmark page (peers with eval) do not. */
export const CSP_PAGES: readonly string[] = ['index.html', 'landscape.html', 'sweep.html'];

/** Whether a request path is one of CSP_PAGES ('/' is index.html). */
export function isCspPage(path: string): boolean {
  const file = path.split(/[?#]/)[0].replace(/^.*\//, '') || 'index.html';
  return CSP_PAGES.includes(file);
}

/**
 * Writes the policy into the built HTML of CSP_PAGES, first in <head>, and has `vite preview` send it as
 * a header with those pages (only those: the benchmark page's peers need eval and WebAssembly).
 */
export function cspPlugins(): Plugin[] {
  return [metaPlugin(), {
    name: 'optiplay-csp-header',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (isCspPage(req.url ?? '/')) res.setHeader('Content-Security-Policy', CSP_HEADER);
        next();
      });
    },
  }];
}

function metaPlugin(): Plugin {
  return {
    name: 'optiplay-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const page = ctx.filename.split(/[\\/]/).pop() ?? '';
        if (!CSP_PAGES.includes(page)) return html;
        return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`);
      },
    },
  };
}

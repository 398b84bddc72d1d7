import { describe, expect, it } from 'vitest';
import { CSP_HEADER, CSP_META, cspPlugins, isCspPage } from './csp';

describe('the Content-Security-Policy', () => {
  it('allows no inline script, no eval and no plugin; WebAssembly compilation only', () => {
    for (const policy of [CSP_META, CSP_HEADER]) {
      expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
      expect(policy).toMatch(/(^|; )script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      expect(policy).toMatch(/(^|; )worker-src 'self'(;|$)/);
      expect(policy).toMatch(/(^|; )object-src 'none'(;|$)/);
    }
    expect(CSP_HEADER).toContain("frame-ancestors 'none'");
    expect(CSP_META, 'a meta tag cannot carry frame-ancestors').not.toContain('frame-ancestors');
  });

  it('is written into the built index.html and landscape.html, not the harness', () => {
    const plugin = cspPlugins()[0];
    const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: { filename: string }) => string };
    const html = '<!doctype html><html><head><title>x</title></head><body></body></html>';
    expect(hook.handler(html, { filename: '/repo/index.html' })).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`);
    expect(hook.handler(html, { filename: '/repo/landscape.html' })).toContain('Content-Security-Policy');
    expect(hook.handler(html, { filename: '/repo/harness.html' })).toBe(html);
  });
});

describe('pages that get the policy header', () => {
  it('the playground and the landscape page, whatever the query or hash; not the harness or the benchmark', () => {
    for (const path of ['/', '/?area=compress', '/index.html', '/index.html?test-hooks', '/landscape.html', '/sub/landscape.html#surface=bowl']) expect(isCspPage(path), path).toBe(true);
    for (const path of ['/harness.html', '/bench.html', '/assets/index-abc.js']) expect(isCspPage(path), path).toBe(false);
  });
});

/**
 * The URL hash holds the whole run config, so a copied link reproduces the run. The hash follows the
 * applied config (replaceState: no history entry per slider move), and a link the user pastes or
 * navigates to ('hashchange') is validated and reported.
 */
import { useEffect, useRef } from 'react';
import { configFromHash, configToHash, type RunConfig, type Validated } from '../../engine/config';

const currentHash = () => window.location.hash.replace(/^#/, '');

function writeHash(hash: string): void {
  if (currentHash() === hash) return;
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}#${hash}`);
}

/** The config in the page's URL at load, with what had to be corrected. */
export function readHashConfig(): Validated {
  return configFromHash(window.location.hash);
}

export function useUrlConfig(config: RunConfig, onLink: (result: Validated) => void): void {
  const hash = configToHash(config);
  const hashRef = useRef(hash);
  const onLinkRef = useRef(onLink);

  useEffect(() => {
    hashRef.current = hash;
    onLinkRef.current = onLink;
  });

  useEffect(() => writeHash(hash), [hash]);

  useEffect(() => {
    const onHashChange = () => {
      const raw = currentHash();
      if (raw === hashRef.current) return;
      const result = configFromHash(raw);
      const canonical = configToHash(result.config);
      writeHash(canonical);
      if (canonical !== hashRef.current || result.corrections.length > 0) onLinkRef.current(result);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
}

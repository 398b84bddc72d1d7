/**
 * The URL hash holds the landscape state (surface, c, start, racers, shared hyperparameters, speed), so
 * a copied link reproduces the race. The hash follows the applied state (replaceState), and a link the
 * user pastes ('hashchange') is validated and reported.
 */
import { useEffect, useRef } from 'react';
import { landscapeFromHash, landscapeToHash, type LandscapeState, type ValidatedLandscape } from '../engine/landscapeState';

const currentHash = () => window.location.hash.replace(/^#/, '');

function writeHash(hash: string): void {
  if (currentHash() === hash) return;
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}#${hash}`);
}

export function readHashState(): ValidatedLandscape {
  return landscapeFromHash(window.location.hash);
}

export function useLandscapeHash(state: LandscapeState, onLink: (result: ValidatedLandscape) => void): void {
  const hash = landscapeToHash(state);
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
      const result = landscapeFromHash(raw);
      const canonical = landscapeToHash(result.state);
      writeHash(canonical);
      if (canonical !== hashRef.current || result.corrections.length > 0) onLinkRef.current(result);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
}

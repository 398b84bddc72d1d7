/**
 * A function that keeps one identity for the component's lifetime and always calls the latest `fn`.
 * For callbacks handed to memoised children (the sidebar's controls), so that the page's frequent
 * re-renders while training do not re-render every input with them.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';

export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

/**
 * A value that follows `value` at most once every `ms` milliseconds (the last value always lands).
 *
 * Live charts redraw through this, so the page keeps a bounded redraw rate however fast the worker
 * reports. Each landing waits its turn in the page's redraw queue (redrawQueue.ts), one chart at a time,
 * and lands in a transition, which React renders in slices that yield to input and painting; the queue
 * moves on once this hook's effect sees the new value committed (after the chart's own effects, which
 * run first). So one chart's redraw is a few short tasks, never piled up with the other charts' redraws.
 */
import { startTransition, useEffect, useRef, useState } from 'react';
import { redrawQueue } from './redrawQueue';
import { useOnScreen } from './useOnScreen';

/** How often a live chart redraws while training (ms); the status bar follows the worker faster. */
export const CHART_REFRESH_MS = 500;

/**
 * `active` false (a chart scrolled off screen: useOnScreen) holds the newest value back until it is
 * true again, when it lands at once.
 */
export function useThrottled<T>(value: T, ms: number = CHART_REFRESH_MS, active = true): T {
  const [shown, setShown] = useState(value);
  const landedRef = useRef(value);
  const lastRef = useRef(0);
  const [key] = useState(() => ({}));

  useEffect(() => {
    if (!active || Object.is(value, landedRef.current)) return;
    const land = () => {
      lastRef.current = performance.now();
      landedRef.current = value;
      startTransition(() => setShown(value));
    };
    const wait = lastRef.current + ms - performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (wait <= 0) redrawQueue.request(key, land);
    else timer = setTimeout(() => redrawQueue.request(key, land), wait);
    return () => {
      clearTimeout(timer);
      redrawQueue.drop(key);
    };
  }, [value, ms, active, key]);

  useEffect(() => redrawQueue.done(key), [shown, key]);
  useEffect(() => () => redrawQueue.cancel(key), [key]);
  return shown;
}

/**
 * A live chart's value: `value` throttled to CHART_REFRESH_MS and held back while the element given
 * `ref` is off screen. `const [shown, ref] = useLiveValue(metrics)` and `<div ref={ref}>`.
 */
export function useLiveValue<T>(value: T): [T, (el: Element | null) => void] {
  const [onScreen, ref] = useOnScreen();
  return [useThrottled(value, CHART_REFRESH_MS, onScreen), ref];
}

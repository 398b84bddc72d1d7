/**
 * `value`, or the previous one when it holds the same data (compared as JSON). For small views that the
 * worker re-sends unchanged with every snapshot (layer sizes, sparsity): a memoised chart fed through
 * this redraws only when a number it shows has changed.
 */
import { useMemo } from 'react';

export function useSameValue<T>(value: T): T {
  const json = JSON.stringify(value);
  // keyed on the JSON alone on purpose: a new object with the same data keeps the first one
  return useMemo(() => value, [json]);
}

/** A value that follows `value` at most once every `ms` milliseconds (the last value always lands). */
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastRef = useRef(0);
  useEffect(() => {
    const land = () => {
      lastRef.current = performance.now();
      setShown(value);
    };
    const wait = lastRef.current + ms - performance.now();
    if (wait <= 0) {
      land();
      return;
    }
    const timer = setTimeout(land, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

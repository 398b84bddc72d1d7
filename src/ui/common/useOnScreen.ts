/**
 * Whether an element is on (or within MARGIN of) the screen, for live charts that need not redraw while
 * scrolled away: `const [onScreen, ref] = useOnScreen()` and `<div ref={ref}>`. True until the
 * IntersectionObserver first reports (and always where there is none), so nothing starts blank.
 */
import { useEffect, useState } from 'react';

const MARGIN = '200px';

export function useOnScreen(): [boolean, (el: Element | null) => void] {
  const [el, setEl] = useState<Element | null>(null);
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setOnScreen(entries[entries.length - 1].isIntersecting), { rootMargin: MARGIN });
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [onScreen, setEl];
}

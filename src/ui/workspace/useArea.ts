/**
 * The open technique area, kept in the URL's query (`?area=`): a tab click adds a history entry (Back
 * returns to the area before), Back and Forward follow it, and the hash (the run config) is left alone.
 */
import { useCallback, useEffect, useState } from 'react';
import { areaFromSearch, searchWithArea, type AreaFromUrl, type AreaId } from './areas';

/** The area in the page's URL at load, with a correction when it named no area. */
export function readArea(): AreaFromUrl {
  return areaFromSearch(window.location.search);
}

export function useArea(initial: AreaId): [AreaId, (area: AreaId) => void] {
  const [area, setArea] = useState<AreaId>(initial);

  // a wrong or non-canonical area in the link gives way to the one shown (a notice says so)
  useEffect(() => {
    const { pathname, search, hash } = window.location;
    const canonical = searchWithArea(search, initial);
    if (new URLSearchParams(canonical).get('area') !== new URLSearchParams(search).get('area')) {
      window.history.replaceState(window.history.state, '', `${pathname}${canonical}${hash}`);
    }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, for the URL the page was opened with

  useEffect(() => {
    const onPop = () => setArea(areaFromSearch(window.location.search).area);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const open = useCallback((next: AreaId) => {
    setArea(next);
    const { pathname, search, hash } = window.location;
    const nextSearch = searchWithArea(search, next);
    if (nextSearch !== search) window.history.pushState(window.history.state, '', `${pathname}${nextSearch}${hash}`);
  }, []);

  return [area, open];
}

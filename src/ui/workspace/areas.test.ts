import { describe, expect, it } from 'vitest';
import { AREAS, DEFAULT_AREA, areaFromSearch, searchWithArea } from './areas';

describe('technique areas in the URL', () => {
  it('reads every area by id, and the default when none is given', () => {
    for (const a of AREAS) expect(areaFromSearch(`?area=${a.id}`)).toEqual({ area: a.id, correction: null });
    expect(areaFromSearch('')).toEqual({ area: DEFAULT_AREA, correction: null });
    expect(areaFromSearch('?test-hooks')).toEqual({ area: DEFAULT_AREA, correction: null });
    expect(areaFromSearch('?area=Compress').area).toBe('compress');
  });

  it('says what it did with an unknown area', () => {
    const read = areaFromSearch('?area=banana');
    expect(read.area).toBe(DEFAULT_AREA);
    expect(read.correction).toMatch(/"banana" is not one of model, train, regularize, compress, distill, fuse, multitask, runs, lessons; showing Train/);
  });

  it('writes the area beside the other parameters and round-trips', () => {
    expect(searchWithArea('?backend=cpu', 'compress')).toBe('?backend=cpu&area=compress');
    expect(searchWithArea('?area=compress&backend=cpu', DEFAULT_AREA)).toBe('?backend=cpu');
    expect(searchWithArea('', DEFAULT_AREA)).toBe('');
    expect(searchWithArea('?test-hooks', 'runs'), 'a bare flag stays bare').toBe('?test-hooks&area=runs');
    expect(searchWithArea('?area=banana', DEFAULT_AREA), 'a wrong area is dropped').toBe('');
    for (const a of AREAS) expect(areaFromSearch(searchWithArea('', a.id)).area).toBe(a.id);
  });

  it('labels are unique (each is a tab’s accessible name)', () => {
    expect(new Set(AREAS.map((a) => a.label)).size).toBe(AREAS.length);
  });
});

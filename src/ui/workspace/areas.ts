/**
 * The page's technique areas: one table (id, tab label, what it holds), read and written as the URL's
 * `?area=` query parameter (the hash holds the run config, so an area never changes the run). A later
 * technique adds its row here and its folder under src/ui/<area>/.
 */

export const AREAS = [
  { id: 'model', label: 'Data & model', holds: 'the dataset, the network’s layers and the Network diagram' },
  { id: 'train', label: 'Train', holds: 'the loss, learning rate, batch size, optimizer, schedule, gradient health and the optimizer race' },
  { id: 'regularize', label: 'Regularize', holds: 'L1, L2 and decoupled weight decay, with the weight histograms' },
  { id: 'compress', label: 'Compress', holds: 'pruning, quantization and lottery rewind, with model size, sparsity and accuracy vs size' },
  { id: 'distill', label: 'Distill & transfer', holds: 'a teacher teaching a smaller student (soft targets, temperature, dark knowledge) and a trained network learning a new task (start from a saved run, frozen layers), each beside the same model trained alone' },
  { id: 'fuse', label: 'Fuse', holds: 'models made from saved runs: ensembles, averaged weights (model soups) and the interpolation between two runs, with neurons aligned' },
  { id: 'multitask', label: 'Multi-task', holds: 'a shared trunk with two heads (a second task for the same inputs), each head’s accuracy beside each task alone, the gradient conflict and PCGrad' },
  { id: 'runs', label: 'Runs', holds: 'saved runs, Compare, the config and model files' },
  { id: 'lessons', label: 'Lessons', holds: 'guided scenarios, each a prepared setting and what to watch' },
] as const;

export type AreaId = (typeof AREAS)[number]['id'];

/** The area a page opens on: where the default run's controls are. */
export const DEFAULT_AREA: AreaId = 'train';

const AREA_PARAM = 'area';

export function areaLabel(id: AreaId): string {
  return AREAS.find((a) => a.id === id)?.label ?? id;
}

function isArea(value: string): value is AreaId {
  return AREAS.some((a) => a.id === value);
}

export interface AreaFromUrl {
  area: AreaId;
  /** Set when the URL named an area that does not exist: what was shown instead, in words. */
  correction: string | null;
}

/** The area in a URL's query string (`?area=compress`); a missing one is the default, a wrong one is said. */
export function areaFromSearch(search: string): AreaFromUrl {
  const raw = new URLSearchParams(search).get(AREA_PARAM);
  if (raw === null || raw === '') return { area: DEFAULT_AREA, correction: null };
  const value = raw.trim().toLowerCase();
  if (isArea(value)) return { area: value, correction: null };
  const known = AREAS.map((a) => a.id).join(', ');
  return {
    area: DEFAULT_AREA,
    correction: `Area: "${raw}" is not one of ${known}; showing ${areaLabel(DEFAULT_AREA)}`,
  };
}

/**
 * The query string with this area (the default area leaves the URL without one); the other parameters
 * are kept as they were written (`?test-hooks` stays `?test-hooks`).
 */
export function searchWithArea(search: string, area: AreaId): string {
  const others = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && decodeURIComponent(part.split('=')[0]) !== AREA_PARAM);
  const parts = area === DEFAULT_AREA ? others : [...others, `${AREA_PARAM}=${area}`];
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

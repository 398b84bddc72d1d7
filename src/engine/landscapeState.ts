/**
 * The Landscape page's state: surface, condition number, start point, the racers (2–4 optimizers with
 * their learning rates), the shared hyperparameters and the speed. `validateLandscape` is the only door:
 * it clamps and corrects anything (URL hash, controls, worker) and says what it changed, in words.
 * Hash form: surface=bowl&c=20&start=2.25,3.75&racers=sgd@0.015,momentum@0.015,adam@0.015&mu=0.9&b1=0.9&b2=0.999&eps=1e-8&spf=2
 */
import { BASE_HYPER, OPTIMIZER_LABELS, OPTIMIZERS, optimizerHyper, type OptimizerHyper, type OptimizerName } from './optimizers';
import { CONDITION_DEFAULT, CONDITION_MAX, CONDITION_MIN, SURFACES, SURFACE_INFO, type SurfaceName } from './surfaces';

export const MIN_RACERS = 2;
export const MAX_RACERS = 4;
export const LR_MIN = 1e-5;
export const LR_MAX = 1;
export const STEPS_PER_FRAME_MIN = 1;
/** Also the size of the GPU's ring of uniform buffers per racer (one per step of a frame). */
export const STEPS_PER_FRAME_MAX = 50;

export { OPTIMIZER_LABELS };

export interface Racer {
  optimizer: OptimizerName;
  learningRate: number;
}

export interface LandscapeState {
  surface: SurfaceName;
  /** The bowl's condition number c (kept, unused, on the other surfaces). */
  condition: number;
  start: [number, number];
  racers: Racer[];
  /** μ of the 'momentum' optimizer. */
  momentum: number;
  /** Adam/AdamW β₁ and β₂ (RMSprop keeps its own α = 0.99). */
  beta1: number;
  beta2: number;
  /** ε of Adam, AdamW, RMSprop and Adagrad. */
  epsilon: number;
  stepsPerFrame: number;
}

const DEFAULT_RACE: OptimizerName[] = ['sgd', 'momentum', 'adam'];

/** The defaults for a surface: SGD, Momentum and Adam at the surface's one suggested learning rate. */
export function defaultLandscape(surface: SurfaceName = 'bowl'): LandscapeState {
  const info = SURFACE_INFO[surface];
  return {
    surface,
    condition: CONDITION_DEFAULT,
    start: [info.start[0], info.start[1]],
    racers: DEFAULT_RACE.map((optimizer) => ({ optimizer, learningRate: info.learningRate })),
    momentum: BASE_HYPER.momentum,
    beta1: BASE_HYPER.beta1,
    beta2: BASE_HYPER.beta2,
    epsilon: BASE_HYPER.epsilon,
    stepsPerFrame: 2,
  };
}

/** The complete hyperparameters racer `r` trains with. */
export function racerHyper(s: LandscapeState, r: Racer): OptimizerHyper {
  const adam = r.optimizer === 'adam' || r.optimizer === 'adamw';
  return optimizerHyper(r.optimizer, {
    learningRate: r.learningRate,
    momentum: s.momentum,
    beta1: s.beta1,
    ...(adam ? { beta2: s.beta2 } : {}),
    epsilon: s.epsilon,
  });
}

export function racerLabel(r: Racer): string {
  return `${OPTIMIZER_LABELS[r.optimizer]} · lr ${r.learningRate}`;
}

export interface ValidatedLandscape {
  state: LandscapeState;
  /** One sentence per corrected value, naming it. */
  corrections: string[];
}

type Loose = { [K in keyof LandscapeState]?: unknown };

/** Clamps and corrects a candidate state; anything missing takes the surface's default silently. */
export function validateLandscape(candidate: Loose): ValidatedLandscape {
  const corrections: string[] = [];
  let surface: SurfaceName = 'bowl';
  if (candidate.surface !== undefined) {
    if ((SURFACES as readonly unknown[]).includes(candidate.surface)) surface = candidate.surface as SurfaceName;
    else corrections.push(`Surface "${String(candidate.surface)}" is unknown; using the ${SURFACE_INFO.bowl.label.toLowerCase()}.`);
  }
  const d = defaultLandscape(surface);
  const w = SURFACE_INFO[surface].window;
  const num = (label: string, raw: unknown, min: number, max: number, fallback: number, integer = false): number => {
    if (raw === undefined) return fallback;
    const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(v)) {
      corrections.push(`${label} "${String(raw)}" is not a number; using ${fallback}.`);
      return fallback;
    }
    const r = integer ? Math.round(v) : v;
    const c = Math.min(max, Math.max(min, r));
    if (c !== v) corrections.push(`${label} ${v} is ${v < min ? `below the minimum ${min}` : v > max ? `above the maximum ${max}` : 'not a whole number'}; using ${c}.`);
    return c;
  };

  let start = d.start;
  if (candidate.start !== undefined) {
    const raw = candidate.start;
    if (Array.isArray(raw) && raw.length === 2) {
      start = [num('Start x', raw[0], w.xMin, w.xMax, d.start[0]), num('Start y', raw[1], w.yMin, w.yMax, d.start[1])];
    } else corrections.push(`Start point "${String(raw)}" is not two numbers x,y; using (${d.start.join(', ')}).`);
  }

  let racers = d.racers;
  if (candidate.racers !== undefined) {
    const raw = Array.isArray(candidate.racers) ? candidate.racers : [];
    racers = raw.slice(0, MAX_RACERS).map((item: unknown, i) => {
      const r = (item ?? {}) as { optimizer?: unknown; learningRate?: unknown };
      let optimizer: OptimizerName = d.racers[Math.min(i, d.racers.length - 1)].optimizer;
      if ((OPTIMIZERS as readonly unknown[]).includes(r.optimizer)) optimizer = r.optimizer as OptimizerName;
      else corrections.push(`Optimizer ${i + 1} "${String(r.optimizer)}" is unknown; using ${OPTIMIZER_LABELS[optimizer]}.`);
      return { optimizer, learningRate: num(`Learning rate ${i + 1}`, r.learningRate, LR_MIN, LR_MAX, d.racers[0].learningRate) };
    });
    if (raw.length > MAX_RACERS) corrections.push(`${raw.length} optimizers is more than ${MAX_RACERS}; keeping the first ${MAX_RACERS}.`);
    if (racers.length < MIN_RACERS) {
      corrections.push(`A race needs at least ${MIN_RACERS} optimizers; added ${DEFAULT_RACE.slice(racers.length, MIN_RACERS).map((o) => OPTIMIZER_LABELS[o]).join(' and ')}.`);
      racers = [...racers, ...d.racers.slice(racers.length, MIN_RACERS)];
    }
  }

  const state: LandscapeState = {
    surface,
    condition: num('Condition number', candidate.condition, CONDITION_MIN, CONDITION_MAX, d.condition),
    start,
    racers,
    momentum: num('Momentum μ', candidate.momentum, 0, 0.999, d.momentum),
    beta1: num('Adam β1', candidate.beta1, 0, 0.999, d.beta1),
    beta2: num('Adam β2', candidate.beta2, 0, 0.9999, d.beta2),
    epsilon: num('Epsilon', candidate.epsilon, 1e-12, 1, d.epsilon),
    stepsPerFrame: num('Steps per frame', candidate.stepsPerFrame, STEPS_PER_FRAME_MIN, STEPS_PER_FRAME_MAX, d.stepsPerFrame, true),
  };
  return { state, corrections };
}

export function landscapeToHash(s: LandscapeState): string {
  const p = new URLSearchParams();
  p.set('surface', s.surface);
  p.set('c', String(s.condition));
  p.set('start', s.start.map((v) => String(Number(v.toFixed(4)))).join(','));
  p.set('racers', s.racers.map((r) => `${r.optimizer}@${r.learningRate}`).join(','));
  p.set('mu', String(s.momentum));
  p.set('b1', String(s.beta1));
  p.set('b2', String(s.beta2));
  p.set('eps', String(s.epsilon));
  p.set('spf', String(s.stepsPerFrame));
  return p.toString().replace(/%2C/g, ',').replace(/%40/g, '@');
}

/** Parses and validates a hash ('#' optional); an empty hash gives the defaults. */
export function landscapeFromHash(hash: string): ValidatedLandscape {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const get = (k: string) => p.get(k) ?? undefined;
  const start = get('start');
  const racers = get('racers');
  return validateLandscape({
    surface: get('surface'),
    condition: get('c'),
    start: start === undefined ? undefined : start.split(',').length === 2 ? start.split(',') : start,
    racers: racers === undefined ? undefined : racers.split(',').filter((t) => t !== '').map((t) => {
      const [optimizer, learningRate] = t.split('@');
      return { optimizer, learningRate: learningRate ?? '' };
    }),
    momentum: get('mu'),
    beta1: get('b1'),
    beta2: get('b2'),
    epsilon: get('eps'),
    stepsPerFrame: get('spf'),
  });
}

/// <reference lib="webworker" />
/**
 * The Landscape page's worker: owns the race engine (WebGPU or the CPU twins) and the frame loop; talks
 * to the page only through landscapeProtocol.ts. Each animation frame queues stepsPerFrame steps in one
 * engine batch and never waits for it: the batch's trace arrives later (in order, through `chain`) and is
 * turned into points, results and halts for the page. When every readback buffer is still in flight the
 * frame queues nothing and the next frame tries again.
 */
import { MAX_RACERS, STEPS_PER_FRAME_MAX, STEPS_PER_FRAME_MIN, racerHyper, racerLabel, validateLandscape, type LandscapeState } from '../../engine/landscapeState';
import { MAX_STEPS, divergenceMessage, newProgress, recordPoint, type RaceSetup, type RacerProgress } from '../../engine/race';
import { chooseEngine, cpuEngine, type ChosenEngine } from './landscapeEngine';
import type { FromLandscape, ToLandscape } from './landscapeProtocol';

/** The contour grid is GRID_SIZE² cells (odd, so the window's centre is a sample). */
const GRID_SIZE = 145;
const STATUS_MS = 250;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromLandscape, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
const nextFrame = (cb: () => void) => (typeof scope.requestAnimationFrame === 'function' ? scope.requestAnimationFrame(cb) : setTimeout(cb, 16));

interface Race {
  id: number;
  state: LandscapeState;
  setup: RaceSetup;
  progress: RacerProgress[];
  /** Steps queued on the engine / steps whose points arrived. */
  submitted: number;
  received: number;
  running: boolean;
  finished: boolean;
  chain: Promise<void>;
  rate: Array<{ t: number; step: number }>;
  lastStatus: number;
}

let chosen: ChosenEngine | null = null;
let race: Race | null = null;
let gridKey = '';
let raceIds = 0;

let queue: Promise<void> = Promise.resolve();
function enqueue(task: () => Promise<void> | void) {
  queue = queue.then(task).catch((e: unknown) => post({ type: 'error', message: (e as Error).message ?? String(e) }));
}
scope.onmessage = (e: MessageEvent<ToLandscape>) => enqueue(() => handle(e.data));

function useEngine(c: ChosenEngine) {
  chosen?.engine.destroy();
  chosen = c;
  gridKey = '';
  post({ type: 'backend', kind: c.engine.kind, name: c.engine.name, notice: c.notice });
}

function onLost(reason: string) {
  enqueue(async () => {
    useEngine(cpuEngine(reason));
    if (race) await build(race.state, race.running);
  });
}

async function handle(msg: ToLandscape): Promise<void> {
  switch (msg.type) {
    case 'init':
      useEngine(msg.forceCpu ? cpuEngine('The CPU was asked for (?backend=cpu)') : await chooseEngine(onLost, (message) => post({ type: 'error', message })));
      await build(validateLandscape(msg.state).state, false);
      return;
    case 'configure':
      await build(validateLandscape(msg.state).state, race?.running ?? false);
      return;
    case 'speed':
      if (race) race.state = { ...race.state, stepsPerFrame: Math.min(STEPS_PER_FRAME_MAX, Math.max(STEPS_PER_FRAME_MIN, Math.round(msg.stepsPerFrame) || 1)) };
      return;
    case 'run':
      setRunning(true);
      return;
    case 'pause':
      setRunning(false);
      return;
    case 'step':
      if (race && !race.running && !race.finished) submit(race, 1);
      return;
    case 'reset':
      if (race) await build(race.state, race.running);
      return;
  }
}

/** A new race from step 0; the grid is evaluated again only when the surface or c changed. */
async function build(state: LandscapeState, running: boolean): Promise<void> {
  if (!chosen) return;
  const engine = chosen.engine;
  const key = `${state.surface}:${state.surface === 'bowl' ? state.condition : ''}`;
  if (key !== gridKey) {
    const values = await engine.grid(state.surface, state.condition, GRID_SIZE);
    gridKey = key;
    post({ type: 'grid', surface: state.surface, condition: state.condition, size: GRID_SIZE, values }, [values.buffer]);
  }
  const racers = state.racers.slice(0, MAX_RACERS);
  const setup: RaceSetup = { surface: state.surface, condition: state.condition, start: state.start, hypers: racers.map((r) => racerHyper(state, r)) };
  engine.reset(setup);
  const r: Race = { id: ++raceIds, state, setup, progress: newProgress(setup), submitted: 0, received: -1, running: false, finished: false, chain: Promise.resolve(), rate: [], lastStatus: 0 };
  race = r;
  post({ type: 'ready', raceId: r.id, state });
  submit(r, 0); // the start point and f there: step 0
  postStatus(r);
  if (running) setRunning(true);
}

function setRunning(on: boolean) {
  const r = race;
  if (!r || r.running === on || (on && r.finished)) return;
  r.running = on;
  r.rate = [];
  if (on) nextFrame(() => tick(r));
  postStatus(r);
}

function tick(r: Race) {
  if (race !== r || !r.running) return;
  const k = Math.min(r.state.stepsPerFrame, MAX_STEPS - r.submitted);
  if (k > 0) submit(r, k);
  if (r.submitted >= MAX_STEPS) {
    r.running = false;
    r.finished = true;
    postStatus(r);
    return;
  }
  if (performance.now() - r.lastStatus >= STATUS_MS) postStatus(r);
  nextFrame(() => tick(r));
}

/** Queues k steps (k = 0: just the current points); false when the engine is busy. */
function submit(r: Race, k: number): boolean {
  const pending = chosen?.engine.advance(k);
  if (!pending) return false;
  const from = r.submitted;
  r.submitted += k;
  r.chain = r.chain
    .then(() => pending)
    .then(
      (trace) => receive(r, from, trace),
      (e: unknown) => {
        // a race replaced meanwhile may have its readbacks cancelled: nothing is lost
        if (race === r) post({ type: 'error', message: `Reading the race back failed: ${(e as Error).message}` });
      },
    );
  return true;
}

function receive(r: Race, from: number, trace: Float32Array) {
  if (race !== r) return;
  const n = r.setup.hypers.length;
  const slots = trace.length / (n * 4);
  const first = from === 0 ? 0 : 1; // slot 0 repeats the last point of the previous batch
  const count = slots - first;
  const data = new Float32Array(count * n * 4);
  const halts: Array<{ racer: number; step: number }> = [];
  for (let s = first; s < slots; s++) {
    const step = from + s;
    for (let i = 0; i < n; i++) {
      const at = (s * n + i) * 4;
      const p = r.progress[i];
      if (recordPoint(p, r.setup.surface, step, trace[at], trace[at + 1], trace[at + 2])) halts.push({ racer: i, step });
      if (p.divergedAt === null && p.step === step) data.set([p.x, p.y, p.f, 1], ((s - first) * n + i) * 4);
    }
  }
  r.received = from + slots - 1;
  const results = r.progress.map((p) => ({ ...p }));
  post({ type: 'points', raceId: r.id, from: from + first, count, racers: n, data, results }, [data.buffer]);
  for (const h of halts) {
    chosen?.engine.stop(h.racer);
    const label = racerLabel(r.state.racers[h.racer]);
    post({ type: 'halted', raceId: r.id, racer: h.racer, step: h.step, message: divergenceMessage(r.setup.surface, h.racer, label, h.step, r.progress[h.racer]) });
  }
  if (halts.length > 0 && r.progress.every((p) => p.divergedAt !== null)) {
    r.running = false;
    r.finished = true;
  }
  if (!r.running) postStatus(r);
}

function postStatus(r: Race) {
  const t = performance.now();
  r.lastStatus = t;
  const step = Math.max(0, r.received);
  r.rate.push({ t, step });
  while (r.rate.length > 2 && t - r.rate[0].t > 2000) r.rate.shift();
  const first = r.rate[0];
  const stepsPerSecond = r.running && t > first.t ? ((step - first.step) * 1000) / (t - first.t) : 0;
  post({ type: 'status', raceId: r.id, running: r.running, step, stepsPerSecond, finished: r.finished });
}

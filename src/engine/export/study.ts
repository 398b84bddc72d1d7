/**
 * A study leaves the browser (REFERENCE.md "Hyperparameter search"): the whole StudyRecord as JSON (the
 * base run, the settings and every trial; Open study reads it back through parseStudy) and the trial table
 * as CSV (one row per trial, RFC 4180). The Optuna script of the same study is optunaScript.ts.
 *
 *   studyJson(record)  → text;  parseStudy(text) → StudyRecord (or a clear Error)
 *   studyCsv(record)   → trial,state,value,steps,config,bracket,<one column per search-space parameter>
 */
import { validateConfig } from '../config';
import { PARAM_FIELD } from '../search/trialConfig';
import { validateSettings } from '../search/params';
import type {
  Direction, Distribution, EarlyStopping, IntermediateValue, ObjectiveName, ParamValues, SearchMethod, SearchParam, StudyRecord,
  StudySettings, SweepParamName, Trial, TrialState,
} from '../search/types';

export const STUDY_FORMAT = 'optiplay-study';
export const STUDY_VERSION = 1;

const PARAM_NAMES = Object.keys(PARAM_FIELD) as SweepParamName[];
const METHODS: readonly SearchMethod[] = ['grid', 'random', 'tpe'];
const STOPPING: readonly EarlyStopping[] = ['none', 'asha', 'hyperband'];
const OBJECTIVES: readonly ObjectiveName[] = ['test-accuracy', 'test-loss', 'accuracy-at-size'];
const DIRECTIONS: readonly Direction[] = ['maximize', 'minimize'];
const STATES: readonly TrialState[] = ['waiting', 'running', 'complete', 'pruned', 'failed'];

/** The study as JSON text (two-space indent, a final newline), in a fixed key order. */
export function studyJson(record: StudyRecord): string {
  const clean: StudyRecord = {
    format: STUDY_FORMAT,
    version: STUDY_VERSION,
    base: record.base,
    settings: record.settings,
    direction: record.direction,
    trials: record.trials.map(cleanTrial),
  };
  return JSON.stringify(clean, null, 2) + '\n';
}

function cleanTrial(t: Trial): Trial {
  return {
    id: t.id,
    params: t.params,
    state: t.state,
    intermediate: t.intermediate.map(({ step, value }) => ({ step, value })),
    value: t.value,
    steps: t.steps,
    configId: t.configId,
    ...(t.bracket !== undefined ? { bracket: t.bracket } : {}),
    ...(t.error !== undefined ? { error: t.error } : {}),
  };
}

/** A study file's problem: thrown by parseStudy with a sentence naming where it is. */
class StudyError extends Error {}

const fail = (msg: string): never => {
  throw new StudyError(`This is not an OptiPlay study: ${msg}.`);
};
const describe = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v) ?? String(v));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function object(v: unknown, where: string): Record<string, unknown> {
  if (!isObject(v)) fail(`${where} must be an object, not ${describe(v)}`);
  return v as Record<string, unknown>;
}
function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where} must be a finite number, not ${describe(v)}`);
  return v as number;
}
function int(v: unknown, where: string, min = -Infinity): number {
  if (!Number.isInteger(v) || (v as number) < min) fail(`${where} must be a whole number${min > -Infinity ? ` of at least ${min}` : ''}, not ${describe(v)}`);
  return v as number;
}
function oneOf<T extends string>(v: unknown, options: readonly T[], where: string): T {
  if (typeof v !== 'string' || !options.includes(v as T)) fail(`${where} must be one of ${options.join(', ')}, not ${describe(v)}`);
  return v as T;
}
function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') fail(`${where} must be true or false, not ${describe(v)}`);
  return v as boolean;
}

function parseDist(v: unknown, where: string): Distribution {
  const d = object(v, where);
  const kind = oneOf(d.kind, ['float', 'int', 'categorical'] as const, `${where}.kind`);
  if (kind === 'categorical') {
    if (!Array.isArray(d.choices) || d.choices.length === 0) fail(`${where}.choices must be a non-empty list, not ${describe(d.choices)}`);
    const choices = (d.choices as unknown[]).map((c, i) => {
      if (typeof c === 'string' || (typeof c === 'number' && Number.isFinite(c))) return c;
      return fail(`${where}.choices[${i}] must be a string or a finite number, not ${describe(c)}`);
    });
    return { kind, choices };
  }
  const low = kind === 'int' ? int(d.low, `${where}.low`) : num(d.low, `${where}.low`);
  const high = kind === 'int' ? int(d.high, `${where}.high`) : num(d.high, `${where}.high`);
  const log = bool(d.log, `${where}.log`);
  if (low > high) fail(`${where} has low ${low} above high ${high}`);
  if (log && low <= 0) fail(`${where} is on a log scale, so low must be above 0, not ${low}`);
  return { kind, low, high, log };
}

function parseSettings(v: unknown): StudySettings {
  const s = object(v, 'settings');
  if (!Array.isArray(s.space)) fail(`settings.space must be a list of parameters, not ${describe(s.space)}`);
  const seen = new Set<string>();
  const space = (s.space as unknown[]).map((p, i): SearchParam => {
    const where = `settings.space[${i}]`;
    const o = object(p, where);
    const name = oneOf(o.name, PARAM_NAMES, `${where}.name`);
    if (seen.has(name)) fail(`${where} repeats the parameter ${name}`);
    seen.add(name);
    return { name, dist: parseDist(o.dist, `${where}.dist`) };
  });
  return {
    space,
    method: oneOf(s.method, METHODS, 'settings.method'),
    earlyStopping: oneOf(s.earlyStopping, STOPPING, 'settings.earlyStopping'),
    trials: int(s.trials, 'settings.trials', 1),
    stepsPerTrial: int(s.stepsPerTrial, 'settings.stepsPerTrial', 1),
    objective: oneOf(s.objective, OBJECTIVES, 'settings.objective'),
    sizeLimitBytes: int(s.sizeLimitBytes, 'settings.sizeLimitBytes', 0),
    seedsPerConfig: int(s.seedsPerConfig, 'settings.seedsPerConfig', 1),
    samplerSeed: int(s.samplerSeed, 'settings.samplerSeed'),
    gridPoints: int(s.gridPoints, 'settings.gridPoints', 1),
  };
}

function parseTrial(v: unknown, i: number, space: readonly SearchParam[]): Trial {
  const where = `trials[${i}]`;
  const t = object(v, where);
  const rawParams = object(t.params, `${where}.params`);
  const params: ParamValues = {};
  for (const [name, value] of Object.entries(rawParams)) {
    if (!space.some((p) => p.name === name)) fail(`${where}.params has ${describe(name)}, which is not a parameter of the search space`);
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) fail(`${where}.params.${name} must be a string or a finite number, not ${describe(value)}`);
    params[name as SweepParamName] = value as string | number;
  }
  if (!Array.isArray(t.intermediate)) fail(`${where}.intermediate must be a list, not ${describe(t.intermediate)}`);
  const intermediate = (t.intermediate as unknown[]).map((x, k): IntermediateValue => {
    const o = object(x, `${where}.intermediate[${k}]`);
    return { step: int(o.step, `${where}.intermediate[${k}].step`, 0), value: num(o.value, `${where}.intermediate[${k}].value`) };
  });
  const trial: Trial = {
    id: int(t.id, `${where}.id`, 0),
    params,
    state: oneOf(t.state, STATES, `${where}.state`),
    intermediate,
    value: t.value === null ? null : num(t.value, `${where}.value`),
    steps: int(t.steps, `${where}.steps`, 0),
    configId: int(t.configId, `${where}.configId`, 0),
  };
  if (t.bracket !== undefined) trial.bracket = int(t.bracket, `${where}.bracket`, 0);
  if (t.error !== undefined) {
    if (typeof t.error !== 'string') fail(`${where}.error must be text, not ${describe(t.error)}`);
    trial.error = t.error as string;
  }
  return trial;
}

/**
 * A study file's text → the StudyRecord it holds. Checks the format and version, the type of every field,
 * and the base run through the config field table (validateConfig: a value it would have to change is an
 * error here, since the trials were run with the file's values) and the settings through the Sweep page's
 * door (search/params.ts validateSettings, likewise). Throws an Error with one clear sentence.
 */
export function parseStudy(text: string): StudyRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`This is not an OptiPlay study: it is not valid JSON (${(e as Error).message}).`);
  }
  const o = object(raw, 'the file');
  if (o.format !== STUDY_FORMAT) fail(`its format is ${describe(o.format)}, not "${STUDY_FORMAT}"`);
  if (o.version !== STUDY_VERSION) {
    throw new Error(`This study file is version ${describe(o.version)}; this OptiPlay reads version ${STUDY_VERSION}.`);
  }
  const { config, corrections } = validateConfig(object(o.base, 'base'));
  if (corrections.length > 0) fail(`its base run is not a valid configuration (${corrections[0].message})`);
  const settings = parseSettings(o.settings);
  const ranged = validateSettings(settings);
  if (ranged.corrections.length > 0) fail(`its settings are out of range (${ranged.corrections[0]})`);
  const direction = oneOf(o.direction, DIRECTIONS, 'direction');
  if (!Array.isArray(o.trials)) fail(`trials must be a list, not ${describe(o.trials)}`);
  const trials = (o.trials as unknown[]).map((t, i) => parseTrial(t, i, settings.space));
  return { format: STUDY_FORMAT, version: STUDY_VERSION, base: config, settings, direction, trials };
}

/** The CSV columns: the fixed ones, then the search space's parameters in their order. */
export function studyCsvColumns(record: Pick<StudyRecord, 'settings'>): string[] {
  return ['trial', 'state', 'value', 'steps', 'config', 'bracket', ...record.settings.space.map((p) => p.name)];
}

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled. */
function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The trial table as CSV (RFC 4180: CRLF line ends, a final CRLF), one row per trial in id order:
 * trial (id), state, value (the objective at the last step trained; empty while it runs or when it failed),
 * steps, config (the configuration id seed repeats share), bracket (Hyperband; empty otherwise), then each
 * search-space parameter's value. Numbers in JavaScript's shortest round-trip form.
 */
export function studyCsv(record: StudyRecord): string {
  const rows = [studyCsvColumns(record)];
  for (const t of [...record.trials].sort((a, b) => a.id - b.id)) {
    rows.push([t.id, t.state, t.value, t.steps, t.configId, t.bracket, ...record.settings.space.map((p) => t.params[p.name])].map(csvField));
  }
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

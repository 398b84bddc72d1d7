/**
 * The study's settings: which parameters vary and over what range (engine/search/params.ts holds the
 * choices, labels and limits), the Search method, Early stopping, Objective, Trials, Steps per trial and
 * seeds per configuration, and Start sweep / Stop sweep. Every edit goes through validateSettings.
 */
import { OPTIMIZER_LABELS } from '../ui/common/labels';
import { NumberField, SelectField } from '../ui/common/fields';
import { CheckboxField } from '../ui/common/CheckboxField';
import { EARLY_STOPPING, OBJECTIVES, OPTIMIZER_CHOICES, PARAM_CHOICES, SEARCH_METHODS, SETTING_RANGES, validateSettings } from '../engine/search/params';
import type { SearchParam, StudySettings, SweepParamName } from '../engine/search/types';

interface Props {
  settings: StudySettings;
  running: boolean;
  /** Why Start sweep is off (a sentence), or null. */
  blocked: string | null;
  onChange(next: StudySettings, corrections: string[]): void;
  onStart(): void;
  onStop(): void;
}

export function SweepControls({ settings, running, blocked, onChange, onStart, onStop }: Props) {
  const set = (patch: Partial<StudySettings>) => {
    const v = validateSettings({ ...settings, ...patch });
    onChange(v.settings, v.corrections);
  };
  const inSpace = (name: SweepParamName) => settings.space.find((p) => p.name === name);
  const setParam = (name: SweepParamName, next: SearchParam | null) => {
    const others = settings.space.filter((p) => p.name !== name);
    const order = PARAM_CHOICES.map((c) => c.name);
    const space = next ? [...others, next].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)) : others;
    set({ space });
  };
  return (
    <div className="controls sweep-controls">
      <fieldset disabled={running}>
        <legend>Parameters</legend>
        {PARAM_CHOICES.map((c) => {
          const p = inSpace(c.name);
          const id = `sw-${c.name}`;
          return (
            <div key={c.name} className="sweep-param">
              <CheckboxField id={id} label={c.label} checked={!!p} help={c.help} onChange={(on) => setParam(c.name, on ? { name: c.name, dist: c.dist } : null)} />
              {p && p.dist.kind !== 'categorical' && (
                <div className="sweep-range">
                  <NumberField id={`${id}-low`} label={`${c.label} from`} value={p.dist.low} min={c.min} max={c.max} step="any" onCommit={(raw) => setParam(c.name, { name: c.name, dist: { ...(p.dist as Exclude<SearchParam['dist'], { kind: 'categorical' }>), low: Number(raw) } })} />
                  <NumberField id={`${id}-high`} label={`${c.label} to`} value={p.dist.high} min={c.min} max={c.max} step="any" onCommit={(raw) => setParam(c.name, { name: c.name, dist: { ...(p.dist as Exclude<SearchParam['dist'], { kind: 'categorical' }>), high: Number(raw) } })} />
                  <CheckboxField id={`${id}-log`} label={`${c.label} on a log scale`} checked={p.dist.log} onChange={(log) => setParam(c.name, { name: c.name, dist: { ...(p.dist as Exclude<SearchParam['dist'], { kind: 'categorical' }>), log } })} />
                </div>
              )}
              {p && p.dist.kind === 'categorical' && (
                <div className="sweep-choices" role="group" aria-label={`${c.label} choices`}>
                  {OPTIMIZER_CHOICES.map((o) => {
                    const chosen = (p.dist as { choices: Array<string | number> }).choices.includes(o);
                    return (
                      <CheckboxField
                        key={o}
                        id={`${id}-${o}`}
                        label={OPTIMIZER_LABELS[o as keyof typeof OPTIMIZER_LABELS] ?? o}
                        checked={chosen}
                        onChange={(on) => {
                          const now = (p.dist as { choices: Array<string | number> }).choices;
                          const choices = on ? [...now, o] : now.filter((x) => x !== o);
                          if (choices.length > 0) setParam(c.name, { name: c.name, dist: { kind: 'categorical', choices } });
                        }}
                      />
                    );
                  })}
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
      <fieldset disabled={running}>
        <legend>Study</legend>
        <SelectField id="sw-method" label="Search method" value={settings.method} options={SEARCH_METHODS} onChange={(method) => set({ method })}
          help="Random: uniform draws, log-uniform for rates. Grid: every combination of a few points per axis. TPE: Optuna's Tree-structured Parzen Estimator (10 random start-up trials, 24 candidates, γ(n) = min(⌈0.1n⌉, 25); REFERENCE.md “Hyperparameter search”)." />
        {settings.method === 'grid' && (
          <NumberField id="sw-grid" label="Grid points per axis" value={settings.gridPoints} min={SETTING_RANGES.gridPoints.min} max={SETTING_RANGES.gridPoints.max} step={1} onCommit={(raw) => set({ gridPoints: Number(raw) })} />
        )}
        <SelectField id="sw-stop" label="Early stopping" value={settings.earlyStopping} options={EARLY_STOPPING} onChange={(earlyStopping) => set({ earlyStopping })}
          help="Successive halving (ASHA, reduction factor 3): at each rung (r, 3r, 9r … steps) a trial goes on only if it is in the best third of the trials that reached that rung. Hyperband runs several such brackets with different first rungs." />
        <SelectField id="sw-objective" label="Objective" value={settings.objective} options={OBJECTIVES} onChange={(objective) => set({ objective })}
          help="Test accuracy and accuracy at size are maximised, test loss minimised. Accuracy at size scores 0 for a model larger than the size limit (float32 weights and biases)." />
        {settings.objective === 'accuracy-at-size' && (
          <NumberField id="sw-size" label="Size limit (bytes)" value={settings.sizeLimitBytes} min={SETTING_RANGES.sizeLimitBytes.min} max={SETTING_RANGES.sizeLimitBytes.max} step={1} onCommit={(raw) => set({ sizeLimitBytes: Number(raw) })} />
        )}
        <NumberField id="sw-trials" label="Trials" value={settings.trials} min={SETTING_RANGES.trials.min} max={SETTING_RANGES.trials.max} step={1} onCommit={(raw) => set({ trials: Number(raw) })}
          help="Up to 16 train at once on the GPU, in one population: one dispatch per kernel serves them all." />
        <NumberField id="sw-steps" label="Steps per trial" value={settings.stepsPerTrial} min={SETTING_RANGES.stepsPerTrial.min} max={SETTING_RANGES.stepsPerTrial.max} step={1} onCommit={(raw) => set({ stepsPerTrial: Number(raw) })} />
        <NumberField id="sw-seeds" label="Seeds per configuration" value={settings.seedsPerConfig} min={SETTING_RANGES.seedsPerConfig.min} max={SETTING_RANGES.seedsPerConfig.max} step={1} onCommit={(raw) => set({ seedsPerConfig: Number(raw) })}
          help="Each configuration trains with this many seeds in a row; the table shows their mean and spread." />
      </fieldset>
      <div className="sweep-buttons">
        {running ? (
          <button type="button" onClick={onStop}>Stop sweep</button>
        ) : (
          <button type="button" className="button-primary" onClick={onStart} disabled={blocked !== null} aria-describedby={blocked ? 'sw-blocked' : undefined}>Start sweep</button>
        )}
        {blocked && !running && <p id="sw-blocked" className="field-help">{blocked}</p>}
      </div>
    </div>
  );
}

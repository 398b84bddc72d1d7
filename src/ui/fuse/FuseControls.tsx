/**
 * The Fuse area's controls (REFERENCE.md "Strategies", Fusion): three groups, each on saved runs.
 * Ensemble: tick 2–5 runs, mean of probabilities or majority vote, the Ensemble button evaluates them.
 * Average weights: tick runs that share an initialisation, uniform or greedy soup (Wortsman et al. 2022),
 * the Average weights button cooks it, Open soup as a run trains on from it. Interpolate: runs A and B, the
 * α points, Align neurons (weight matching, Ainsworth et al. 2022), the Interpolate button draws the path.
 * Each group says what it is doing, or why it cannot: the worker checks the runs (fuseDesk.ts).
 */
import { memo, useState } from 'react';
import { MAX_MEMBERS, type EnsembleRule } from '../../engine/strategies/fusion';
import type { RunSummary } from '../../store/runStore';
import { datasetLabel } from '../../store/runSummary';
import type { ToWorker } from '../../worker/protocol';
import { SelectField, type SelectOption } from '../common/fields';
import type { FuseJobState, FusionState } from './fusionState';

interface Props {
  runs: readonly RunSummary[] | null;
  fusion: FusionState;
  send(msg: ToWorker): void;
}

const RULES: SelectOption<EnsembleRule>[] = [
  { value: 'mean', label: 'Mean of probabilities' },
  { value: 'vote', label: 'Majority vote' },
];
type SoupKind = 'uniform' | 'greedy';
const SOUPS: SelectOption<SoupKind>[] = [
  { value: 'uniform', label: 'Uniform: the mean of all' },
  { value: 'greedy', label: 'Greedy: keep a run only if it helps' },
];

/** Interpolation points along α (0 and 1 included). */
export const ALPHA_POINTS = { min: 3, max: 21, default: 11 } as const;

const runLabel = (r: RunSummary) => `${r.name} (${datasetLabel(r.dataset)}, ${r.model}, step ${r.step.toLocaleString('en-US')})`;

/** What the group says: its job's progress, its problem, or the hint why its button is off. */
function JobLine({ job, hint }: { job: FuseJobState; hint: string | null }) {
  if (job.problem) return <p className="help fuse-problem" role="alert">{job.problem}</p>;
  return (
    <p className="help" role="status">
      {job.progress ?? hint ?? ''}
    </p>
  );
}

/** Checkboxes, one per saved run, in a named group. */
function RunChecks({ name, runs, chosen, onChange }: { name: string; runs: readonly RunSummary[]; chosen: string[]; onChange(ids: string[]): void }) {
  return (
    <div role="group" aria-label={name} className="fuse-runs">
      {runs.map((r) => {
        const id = `${name.replace(/\W+/g, '-')}-${r.id}`;
        return (
          <div className="inline-field" key={r.id}>
            <input id={id} type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, r.id] : chosen.filter((x) => x !== r.id))} />
            <label htmlFor={id}>{runLabel(r)}</label>
          </div>
        );
      })}
    </div>
  );
}

const countHint = (n: number, max?: number) => (n < 2 ? `Tick at least two saved runs (${n} ticked).` : max !== undefined && n > max ? `At most ${max} members (${n} ticked).` : null);

export const FuseControls = memo(function FuseControls({ runs, fusion, send }: Props) {
  const list = runs ?? [];
  const known = (ids: string[]) => ids.filter((id) => list.some((r) => r.id === id));
  const [members, setMembers] = useState<string[]>([]);
  const [rule, setRule] = useState<EnsembleRule>('mean');
  const [ingredients, setIngredients] = useState<string[]>([]);
  const [soup, setSoup] = useState<SoupKind>('uniform');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [points, setPoints] = useState<number>(ALPHA_POINTS.default);
  const [align, setAlign] = useState(true);
  const ens = known(members), ing = known(ingredients);
  const ensHint = countHint(ens.length, MAX_MEMBERS);
  const soupHint = countHint(ing.length);
  const pick = (id: string) => list.find((r) => r.id === id)?.id ?? '';
  const A = pick(a), B = pick(b);
  const interpHint = !A || !B ? 'Choose run A and run B.' : A === B ? 'Choose two different runs as A and B.' : null;
  const options: SelectOption<string>[] = [{ value: '', label: list.length ? 'Choose a saved run' : 'No saved runs yet' }, ...list.map((r) => ({ value: r.id, label: runLabel(r) }))];
  const busy = (j: FuseJobState) => j.progress !== null;
  const none = list.length === 0 ? <p className="help">Save runs first (Runs area, or they are saved as they train): fusion works on saved runs.</p> : null;
  return (
    <>
      <fieldset>
        <legend>Ensemble</legend>
        {none}
        <RunChecks name="Ensemble members" runs={list} chosen={ens} onChange={setMembers} />
        <SelectField<EnsembleRule> id="f-ensemble-rule" label="Combine by" value={rule} options={RULES} help="Mean of the members’ softmax probabilities, or a majority vote of their classes (REFERENCE.md “Strategies”, Fusion). Members may differ in layers; they are tested on the first ticked run’s test split." onChange={setRule} />
        <button type="button" className="button-primary" disabled={ensHint !== null || busy(fusion.ensemble)} onClick={() => send({ type: 'fuse', request: { kind: 'ensemble', ids: ens, rule } })}>
          Ensemble
        </button>
        <JobLine job={fusion.ensemble} hint={ensHint} />
      </fieldset>
      <fieldset>
        <legend>Average weights</legend>
        <RunChecks name="Soup ingredients" runs={list} chosen={ing} onChange={setIngredients} />
        <SelectField<SoupKind>
          id="f-soup"
          label="Soup"
          value={soup}
          options={SOUPS}
          help="A model soup averages the weights of runs that share an initialisation (same seed and layout), e.g. runs with other learning rates. Greedy: runs in order of held-out accuracy, each kept only if the soup’s held-out accuracy does not drop (Wortsman et al. 2022; REFERENCE.md “Strategies”). Held out here: the first half of the test split; the soup is then scored on all of it."
          onChange={setSoup}
        />
        <button type="button" className="button-primary" disabled={soupHint !== null || busy(fusion.soup)} onClick={() => send({ type: 'fuse', request: { kind: 'soup', ids: ing, greedy: soup === 'greedy' } })}>
          Average weights
        </button>
        <button type="button" disabled={!fusion.soup.done || busy(fusion.soup)} onClick={() => send({ type: 'fuse-open' })}>
          Open soup as a run
        </button>
        <JobLine job={fusion.soup} hint={soupHint} />
      </fieldset>
      <fieldset>
        <legend>Interpolate</legend>
        <SelectField id="f-interp-a" label="Run A" value={A} options={options} help="θ(α) = (1 − α)θ_A + αθ_B; A is α = 0." onChange={setA} />
        <SelectField id="f-interp-b" label="Run B" value={B} options={options} help="B is α = 1: a run of the same layers, e.g. another seed." onChange={setB} />
        <div className="field">
          <label htmlFor="f-interp-points">α points</label>
          <input id="f-interp-points" type="number" min={ALPHA_POINTS.min} max={ALPHA_POINTS.max} step={1} value={points} aria-describedby="f-interp-points-help" onChange={(e) => setPoints(Math.min(ALPHA_POINTS.max, Math.max(ALPHA_POINTS.min, Math.round(Number(e.target.value) || ALPHA_POINTS.default))))} />
          <p className="help" id="f-interp-points-help">{`Evenly spaced α from 0 to 1, ${ALPHA_POINTS.min} to ${ALPHA_POINTS.max}; each is one evaluation on the test split.`}</p>
        </div>
        <div className="inline-field">
          <input id="f-align" type="checkbox" checked={align} aria-describedby="f-align-help" onChange={(e) => setAlign(e.target.checked)} />
          <label htmlFor="f-align">Align neurons</label>
        </div>
        <p className="help" id="f-align-help">
          Weight matching (Ainsworth et al. 2022): B’s hidden neurons are permuted to best match A’s, a linear assignment per layer on the weights’ inner products, repeated until nothing changes. B computes the same function; the path between them changes. Both paths are drawn.
        </p>
        <button type="button" className="button-primary" disabled={interpHint !== null || busy(fusion.interpolate)} onClick={() => send({ type: 'fuse', request: { kind: 'interpolate', a: A, b: B, points, align } })}>
          Interpolate
        </button>
        <JobLine job={fusion.interpolate} hint={interpHint} />
      </fieldset>
    </>
  );
});

/**
 * "Trials": every trial of the study in a sortable table (Optuna Dashboard's trial table, W&B's runs
 * table): number, state, objective value, steps trained, one column per search-space parameter and, when
 * configurations repeat over seeds, the configuration's mean ± spread. Each column header is a button
 * (aria-sort on the header); the trial number is a toggle button that selects the row. Rows outside the
 * parallel coordinates' brushes (`highlighted`) are dimmed, never hidden. One "Load into playground"
 * button under the table acts on the selected trial, and says why when it cannot.
 */
import { memo, useId, useMemo, useState } from 'react';
import type { Direction, ObjectiveName, SearchSpace, Trial } from '../../engine/search/types';
import { formatObjective, formatParamValue, objectiveLabel, paramLabel, stateLabel, trialsText } from './format';
import { DEFAULT_SORT, loadBlocker, nextSort, paramKey, sortTrials, summariesById, type ConfigSummary, type Sort, type SortKey } from './trialRows';

interface Props {
  /** Every trial so far, in any order. */
  trials: readonly Trial[];
  /** The study's parameters: one column each, in this order. */
  space: SearchSpace;
  direction: Direction;
  /** Names the value column and formats it (accuracies as percentages); "Value" when absent. */
  objective?: ObjectiveName;
  /** Seeds repeat: one summary per configuration (its trials share `configId`); adds the "Mean ± spread" column. */
  configSummaries?: readonly ConfigSummary[];
  /** The selected trial's id, or null. */
  selected: number | null;
  onSelect(id: number): void;
  /** Opens the trial's settings in the playground (the selected, finished trial). */
  onLoad(id: number): void;
  /** Trials inside the parallel coordinates' brushes; the others are dimmed. Null: no brush. */
  highlighted: ReadonlySet<number> | null;
}

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
}

export const TrialsTable = memo(function TrialsTable({ trials, space, direction, objective, configSummaries, selected, onSelect, onLoad, highlighted }: Props) {
  const id = useId();
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const summaries = useMemo(() => summariesById(configSummaries), [configSummaries]);
  const columns = useMemo<Column[]>(
    () => [
      { key: 'id', label: '#', numeric: true },
      { key: 'state', label: 'State', numeric: false },
      { key: 'value', label: objectiveLabel(objective), numeric: true },
      { key: 'steps', label: 'Steps', numeric: true },
      ...space.map((p) => ({ key: paramKey(p.name), label: paramLabel(p.name), numeric: p.dist.kind !== 'categorical' })),
      ...(summaries ? [{ key: 'mean', label: 'Mean ± spread', numeric: true }] : []),
    ],
    [space, objective, summaries],
  );
  const rows = useMemo(() => sortTrials(trials, sort, summaries), [trials, sort, summaries]);
  const chosen = trials.find((t) => t.id === selected);
  const blocker = loadBlocker(chosen);
  const sortedBy = columns.find((c) => c.key === sort.key)?.label ?? '#';
  const matching = highlighted ? trials.filter((t) => highlighted.has(t.id)).length : null;

  return (
    <section className="panel sweep-trials" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Trials</h2>
      <p className="help">
        Every trial with its state, objective and settings. Click a column’s header to sort by it; click a trial’s number to select it.
        {summaries ? ' Mean ± spread: the average and standard deviation over the seeds of the same configuration.' : ''}
      </p>
      {trials.length === 0 ? (
        <p className="chart-empty">No trials yet: start the search and each trial gets a row here.</p>
      ) : (
        <>
          {matching !== null && (
            <p className="help sweep-filter-note">{`${matching} of ${trialsText(trials.length)} inside the brushed ranges; the others are dimmed.`}</p>
          )}
          <div className="sweep-table-scroll">
            <table className="sweep-table">
              <caption className="visually-hidden">{`Trials, sorted by ${sortedBy}, ${sort.dir}`}</caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.dir : undefined} className={c.numeric ? 'is-numeric' : undefined}>
                      <button type="button" className="sort-button" onClick={() => setSort((s) => nextSort(s, c.key, direction))}>
                        {c.label}
                        <span aria-hidden="true" className="sort-mark">{sort.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => {
                  const isSelected = t.id === selected;
                  const dimmed = highlighted !== null && !highlighted.has(t.id);
                  const summary = summaries?.get(t.configId);
                  const cls = [isSelected ? 'is-selected' : '', dimmed ? 'is-dimmed' : ''].filter(Boolean).join(' ') || undefined;
                  return (
                    <tr key={t.id} className={cls} onClick={() => onSelect(t.id)}>
                      <th scope="row" className="is-numeric">
                        <button
                          type="button"
                          className="trial-pick"
                          aria-pressed={isSelected}
                          onClick={(e) => {
                            e.stopPropagation();
                            onSelect(t.id);
                          }}
                        >
                          <span className="visually-hidden">Select trial </span>
                          {t.id}
                        </button>
                      </th>
                      <td className={`trial-state is-${t.state}`}>
                        {stateLabel(t)}
                        {t.state === 'failed' && t.error ? `: ${t.error}` : ''}
                      </td>
                      <td className="is-numeric">{formatObjective(t.value, objective)}</td>
                      <td className="is-numeric">{t.steps.toLocaleString('en-US')}</td>
                      {space.map((p) => (
                        <td key={p.name} className={p.dist.kind === 'categorical' ? undefined : 'is-numeric'}>
                          {formatParamValue(p.name, t.params[p.name], p.dist)}
                        </td>
                      ))}
                      {summaries && (
                        <td className="is-numeric">
                          {summary && summary.n > 0 && summary.mean !== null ? `${formatObjective(summary.mean, objective)} ± ${formatObjective(summary.std ?? 0, objective)} (n = ${summary.n})` : '—'}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="sweep-load">
        <button
          type="button"
          className="button-primary"
          disabled={blocker !== null}
          aria-describedby={`${id}-load`}
          onClick={() => {
            if (chosen && blocker === null) onLoad(chosen.id);
          }}
        >
          Load into playground
        </button>
        <p className="help" id={`${id}-load`}>
          {blocker ?? `Opens trial ${chosen?.id ?? ''}’s settings in the playground, ready to train.`}
        </p>
      </div>
    </section>
  );
});

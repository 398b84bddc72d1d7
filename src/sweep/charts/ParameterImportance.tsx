/**
 * "Parameter importance" (Optuna's fANOVA view, W&B's importance panel): one horizontal bar per parameter,
 * its share of the objective's variation (shares sum to 1), largest first. The bars are plain HTML, each
 * with its percentage in text; how the shares are computed is the caller's `help` (the engine decides).
 */
import { memo, useId, useMemo } from 'react';
import type { SweepParamName } from '../../engine/search/types';
import { paramLabel } from './format';

interface Props {
  /** One share per parameter, 0…1, summing to 1 (engine/search's importance). */
  importance: ReadonlyArray<{ name: SweepParamName; importance: number }>;
  /** How the shares are computed, in a sentence or two (shown under the title). */
  help: string;
  /** Why there is nothing to show yet, when `importance` is empty ("Needs at least 4 complete trials."). */
  emptyText?: string;
}

/** The shares largest first, non-finite or negative ones as 0, with their labels and percentages. */
export function importanceRows(importance: Props['importance']): Array<{ name: SweepParamName; label: string; share: number; percent: string }> {
  return importance
    .map((r) => ({ name: r.name, share: Number.isFinite(r.importance) && r.importance > 0 ? Math.min(1, r.importance) : 0 }))
    .sort((a, b) => b.share - a.share || paramLabel(a.name).localeCompare(paramLabel(b.name)))
    .map((r) => ({ ...r, label: paramLabel(r.name), percent: `${(r.share * 100).toFixed(r.share > 0 && r.share < 0.01 ? 1 : 0)}%` }));
}

export const ParameterImportance = memo(function ParameterImportance({ importance, help, emptyText }: Props) {
  const id = useId();
  const rows = useMemo(() => importanceRows(importance), [importance]);
  return (
    <section className="panel sweep-importance" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Parameter importance</h2>
      <p className="help">{help}</p>
      {rows.length === 0 ? (
        <p className="chart-empty">{emptyText ?? 'Not enough complete trials yet to tell which parameters matter.'}</p>
      ) : (
        <ul className="sweep-bars">
          {rows.map((r) => (
            <li key={r.name}>
              <span className="sweep-bar-label">{r.label}</span>
              <span className="sweep-bar-track" aria-hidden="true">
                <span className="sweep-bar" style={{ width: `${r.share * 100}%` }} />
              </span>
              <span className="sweep-bar-value">{r.percent}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});

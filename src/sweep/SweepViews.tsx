/**
 * The study's live views, side by side: the Trials table (with Load into playground), Optimization
 * history, Parallel coordinates (brushing dims the table's other rows), Slice, Parameter importance,
 * each trial's curve with the halving rungs marked, and on 2-D data each finished trial's decision
 * boundary. Everything is computed from the worker's StudyRecord.
 */
import type { ConfigSummary, HistoryPoint, StudyImportance } from '../engine/search';
import type { StudyRecord, Trial } from '../engine/search/types';
import { BoundaryThumbnails } from './charts/BoundaryThumbnails';
import { OptimizationHistory } from './charts/OptimizationHistory';
import { ParallelCoordinates } from './charts/ParallelCoordinates';
import { ParameterImportance } from './charts/ParameterImportance';
import { SlicePlot } from './charts/SlicePlot';
import { TrialCurves } from './charts/TrialCurves';
import { TrialsTable } from './charts/TrialsTable';
import type { BoundaryThumb } from './worker/sweepProtocol';

interface Props {
  record: StudyRecord | null;
  trials: readonly Trial[];
  rungs: Record<number, number[]>;
  thumbs: ReadonlyMap<number, BoundaryThumb>;
  derived: { history: HistoryPoint[]; importance: StudyImportance; summaries?: ConfigSummary[] };
  selected: number | null;
  onSelect(id: number): void;
  onLoad(id: number): void;
  brushed: Set<number> | null;
  onBrush(ids: Set<number> | null): void;
}

/** How Parameter importance is computed (engine/search/importance.ts), for its help text. */
export const IMPORTANCE_HELP =
  'Each bar is the share of the objective’s variance that the parameter explains on its own across the finished trials: the correlation ratio η² (between-bin over total variance, the parameter cut into quantile bins, on a log scale for rates, or by choice), normalised to sum to 1. A main effect only: interactions are not counted (Optuna’s default, fANOVA, fits a random forest instead).';

/** Which values the bars were computed from, in words. */
export function importanceBasis(s: StudyImportance): string {
  if (s.importance.length === 0) return 'It needs at least 3 finished trials.';
  return s.atStep === null ? `Over the ${s.trials} complete trials.` : `Over ${s.trials} trials’ objective at step ${s.atStep}, the first rung: early stopping ended most trials there, so their final values are from different steps.`;
}

export function SweepViews({ record, trials, rungs, thumbs, derived, selected, onSelect, onLoad, brushed, onBrush }: Props) {
  if (!record) return null;
  const { settings, direction } = record;
  const objective = settings.objective;
  const allRungs = [...new Set(Object.values(rungs).flat())].sort((a, b) => a - b);
  return (
    <div className="sweep-views">
      <TrialsTable trials={trials} space={settings.space} direction={direction} objective={objective} configSummaries={derived.summaries} selected={selected} onSelect={onSelect} onLoad={onLoad} highlighted={brushed} />
      <OptimizationHistory trials={trials} direction={direction} bestSoFar={derived.history} objective={objective} />
      <ParallelCoordinates trials={trials} space={settings.space} direction={direction} objective={objective} onBrush={onBrush} />
      <SlicePlot trials={trials} space={settings.space} objective={objective} />
      <ParameterImportance importance={derived.importance.importance} help={`${IMPORTANCE_HELP} ${importanceBasis(derived.importance)}`} />
      <TrialCurves trials={trials} rungs={allRungs} objective={objective} />
      {thumbs.size > 0 && <BoundaryThumbnails thumbs={[...thumbs.values()]} trials={trials} objective={objective} />}
    </div>
  );
}

/** The Train area: loss, learning rate, batch size, optimizer and schedule, beside the schedule's chart, gradient health and the race. */
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { GradientPanel } from './GradientPanel';
import { OptimizerControls } from './OptimizerControls';
import { RaceSection } from './RaceSection';
import { ScheduleControls } from './ScheduleControls';
import { SchedulePanel } from './SchedulePanel';
import { TrainingControls } from './TrainingControls';
import { isRegression } from '../../engine/config';

export function TrainArea({ config, view, onCommit }: AreaProps) {
  const trainRows = view.run ? view.run.dataset.trainY.length / view.run.dataset.outputDim : null;
  // the user's table: its label decides (the run's data says which); the built-in sets by name
  const regression = config.dataset === 'csv' ? view.run?.dataset.task === 'regression' : isRegression(config.dataset);
  return (
    <AreaLayout
      area="train"
      controls={
        <>
          <TrainingControls config={config} trainRows={trainRows} regression={regression} onCommit={onCommit} />
          <OptimizerControls config={config} onCommit={onCommit} />
          <ScheduleControls config={config} onCommit={onCommit} />
        </>
      }
    >
      <SchedulePanel config={config} step={view.status.step} />
      <GradientPanel metrics={view.metrics} layers={view.run ? view.run.widths.length - 1 : 0} />
      <RaceSection config={config} view={view} onCommit={onCommit} />
    </AreaLayout>
  );
}

/** The "Learning rate schedule" panel: the rate over steps for the Schedule settings, with the run's step marked. */
import type { RunConfig } from '../../engine/config';
import { ScheduleChart } from './ScheduleChart';

export function SchedulePanel({ config, step }: { config: RunConfig; step: number }) {
  return (
    <section className="panel panel-schedule">
      <h2>Learning rate schedule</h2>
      <ScheduleChart config={config} step={step} />
    </section>
  );
}

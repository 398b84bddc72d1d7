/**
 * The Data & model area: dataset, layers and activation, beside the Network diagram, gradient health (how
 * depth and activation pass the gradient down) and, for MNIST, the digit views.
 */
import type { Correction, RunConfig } from '../../engine/config';
import { NetworkPanel } from '../network/NetworkPanel';
import { GradientPanel } from '../train/GradientPanel';
import { AreaLayout } from '../workspace/AreaLayout';
import type { TrainerView } from '../workspace/trainerView';
import { DataModelControls, type Candidate } from './Controls';
import { MnistPanels } from './MnistPanels';

interface Props {
  config: RunConfig;
  view: TrainerView;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

export function DataModelArea({ config, view, onCommit }: Props) {
  const mnist = (view.run?.config ?? config).dataset === 'mnist';
  return (
    <AreaLayout area="model" controls={<DataModelControls config={config} onCommit={onCommit} />}>
      <NetworkPanel snapshot={view.snapshot} />
      <GradientPanel metrics={view.metrics} layers={view.run ? view.run.widths.length - 1 : 0} />
      {mnist && <MnistPanels mnist={view.snapshot?.mnist ?? null} />}
    </AreaLayout>
  );
}

/** The Compress area: pruning, quantization and rewind, beside the Network diagram, model size, sparsity and accuracy vs size. */
import type { Correction, RunConfig } from '../../engine/config';
import type { Candidate } from '../data/Controls';
import { NetworkPanel } from '../network/NetworkPanel';
import { WeightsPanel } from '../regularize/WeightsPanel';
import { AreaLayout } from '../workspace/AreaLayout';
import type { TrainerView } from '../workspace/trainerView';
import { CompressionControls } from './CompressionControls';
import { CompressionPanels } from './CompressionPanels';

interface Props {
  config: RunConfig;
  view: TrainerView;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

export function CompressArea({ config, view, onCommit }: Props) {
  return (
    <AreaLayout area="compress" controls={<CompressionControls config={config} onCommit={onCommit} />}>
      <NetworkPanel snapshot={view.snapshot} />
      <CompressionPanels view={view} />
      <WeightsPanel view={view} />
    </AreaLayout>
  );
}

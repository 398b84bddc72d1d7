/** The Regularize area: L1, L2 and decoupled weight decay, beside the weight histograms and the Network diagram. */
import type { Correction, RunConfig } from '../../engine/config';
import type { Candidate } from '../data/Controls';
import { NetworkPanel } from '../network/NetworkPanel';
import { AreaLayout } from '../workspace/AreaLayout';
import type { TrainerView } from '../workspace/trainerView';
import { RegularizationControls } from './RegularizationControls';
import { WeightsPanel } from './WeightsPanel';

interface Props {
  config: RunConfig;
  view: TrainerView;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

export function RegularizeArea({ config, view, onCommit }: Props) {
  return (
    <AreaLayout area="regularize" controls={<RegularizationControls config={config} onCommit={onCommit} />}>
      <WeightsPanel view={view} />
      <NetworkPanel snapshot={view.snapshot} />
    </AreaLayout>
  );
}

/** The Regularize area: L1, L2 and decoupled weight decay, beside the weight histograms and the Network diagram. */
import { NetworkPanel } from '../network/NetworkPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { RegularizationControls } from './RegularizationControls';
import { WeightsPanel } from './WeightsPanel';

export function RegularizeArea({ config, view, onCommit }: AreaProps) {
  return (
    <AreaLayout area="regularize" controls={<RegularizationControls config={config} onCommit={onCommit} />}>
      <WeightsPanel view={view} />
      <NetworkPanel snapshot={view.snapshot} />
    </AreaLayout>
  );
}

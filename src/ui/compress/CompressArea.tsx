/** The Compress area: pruning, quantization and rewind, beside the Network diagram, model size, sparsity and accuracy vs size. */
import { NetworkPanel } from '../network/NetworkPanel';
import { WeightsPanel } from '../regularize/WeightsPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { CompressionControls } from './CompressionControls';
import { CompressionPanels } from './CompressionPanels';

export function CompressArea({ config, view, onCommit }: AreaProps) {
  return (
    <AreaLayout area="compress" controls={<CompressionControls config={config} onCommit={onCommit} />}>
      <NetworkPanel snapshot={view.snapshot} />
      <CompressionPanels view={view} />
      <WeightsPanel view={view} />
    </AreaLayout>
  );
}

/**
 * The Data & model area: dataset, layers and activation, beside the Network diagram, gradient health (how
 * depth and activation pass the gradient down) and, for MNIST, the digit views.
 */
import { NetworkPanel } from '../network/NetworkPanel';
import { GradientPanel } from '../train/GradientPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { DataModelControls } from './Controls';
import { MnistPanels } from './MnistPanels';

export function DataModelArea({ config, view, onCommit }: AreaProps) {
  const mnist = (view.run?.config ?? config).dataset === 'mnist';
  return (
    <AreaLayout area="model" controls={<DataModelControls config={config} onCommit={onCommit} />}>
      <NetworkPanel snapshot={view.snapshot} />
      <GradientPanel metrics={view.metrics} layers={view.run ? view.run.widths.length - 1 : 0} />
      {mnist && <MnistPanels mnist={view.snapshot?.mnist ?? null} />}
    </AreaLayout>
  );
}

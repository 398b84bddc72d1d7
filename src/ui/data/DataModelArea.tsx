/**
 * The Data & model area: dataset (or the user's CSV, with its column picker and preview), layers and
 * activation, and data augmentation, beside the Network diagram, gradient health (how depth and activation
 * pass the gradient down) and, for MNIST, the Augmented samples and the digit views.
 */
import { useMemo } from 'react';
import { NetworkPanel } from '../network/NetworkPanel';
import { GradientPanel } from '../train/GradientPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { DataModelControls } from './Controls';
import { CsvControls, type CsvActions } from './CsvControls';
import { CsvPanel } from './CsvPanel';
import { MnistPanels } from './MnistPanels';
import { AugmentControls } from './AugmentControls';
import { AugmentedSamples } from './AugmentedSamples';

export function DataModelArea({ config, view, onCommit, csv }: AreaProps & { csv: CsvActions }) {
  const mnist = (view.run?.config ?? config).dataset === 'mnist';
  const table = view.run?.dataset.csv ?? null;
  const { held, upload, choose, bad } = csv;
  // one element while the table is the same, so the memoised controls skip the page's updates while training
  const csvControls = useMemo(() => <CsvControls held={held} upload={upload} choose={choose} bad={bad} />, [held, upload, choose, bad]);
  const controls = (
    <>
      <DataModelControls config={config} onCommit={onCommit} csvHeld={held !== null} afterData={csvControls} />
      <div className="controls augment-controls">
        <AugmentControls config={config} onCommit={onCommit} />
      </div>
    </>
  );
  return (
    <AreaLayout area="model" controls={controls}>
      {table && <CsvPanel csv={table} />}
      <NetworkPanel snapshot={view.snapshot} />
      <GradientPanel metrics={view.metrics} layers={view.run ? view.run.widths.length - 1 : 0} />
      {mnist && <AugmentedSamples view={view.snapshot?.augmented ?? null} />}
      {mnist && <MnistPanels mnist={view.snapshot?.mnist ?? null} />}
    </AreaLayout>
  );
}

/**
 * The Data & model area: dataset (or the user's CSV, with its column picker and preview), layers and
 * activation, beside the Network diagram, gradient health (how depth and activation pass the gradient
 * down) and, for MNIST, the digit views.
 */
import { useMemo } from 'react';
import { NetworkPanel } from '../network/NetworkPanel';
import { GradientPanel } from '../train/GradientPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { DataModelControls } from './Controls';
import { CsvControls, type CsvActions } from './CsvControls';
import { CsvPanel } from './CsvPanel';
import { MnistPanels } from './MnistPanels';

export function DataModelArea({ config, view, onCommit, csv }: AreaProps & { csv: CsvActions }) {
  const mnist = (view.run?.config ?? config).dataset === 'mnist';
  const table = view.run?.dataset.csv ?? null;
  const { held, upload, choose, bad } = csv;
  // one element while the table is the same, so the memoised controls skip the page's updates while training
  const csvControls = useMemo(() => <CsvControls held={held} upload={upload} choose={choose} bad={bad} />, [held, upload, choose, bad]);
  const controls = <DataModelControls config={config} onCommit={onCommit} csvHeld={held !== null} afterData={csvControls} />;
  return (
    <AreaLayout area="model" controls={controls}>
      {table && <CsvPanel csv={table} />}
      <NetworkPanel snapshot={view.snapshot} />
      <GradientPanel metrics={view.metrics} layers={view.run ? view.run.widths.length - 1 : 0} />
      {mnist && <MnistPanels mnist={view.snapshot?.mnist ?? null} />}
    </AreaLayout>
  );
}

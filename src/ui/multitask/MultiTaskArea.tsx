/**
 * The Multi-task area (REFERENCE.md "Strategies"): a shared trunk with two heads. Its controls (Second
 * task, Task weight, PCGrad: MultiTaskControls.tsx); its panels: each head's accuracy with both tasks and
 * alone (the race against the two single-task models), the Gradient conflict, and the Network diagram,
 * which draws the two heads.
 */
import { headNames } from '../../engine/strategies/multitaskLanes';
import { NetworkPanel } from '../network/NetworkPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { ConflictPanel } from './ConflictChart';
import { HeadsPanel } from './HeadsChart';
import { MultiTaskControls } from './MultiTaskControls';

const NO_LANES: never[] = [];

export function MultiTaskArea({ config, view, onCommit }: AreaProps) {
  const { run, snapshot } = view;
  // the run's heads as it was built (its reference names them); before a multi-task run, the config's
  const multi = run?.reference?.kind === 'single' ? run.reference : null;
  const heads = multi?.heads ?? headNames(config);
  const lanes = multi ? view.lanes : NO_LANES;
  return (
    <AreaLayout area="multitask" controls={<MultiTaskControls config={config} onCommit={onCommit} />}>
      <HeadsPanel lanes={lanes} heads={heads} />
      <ConflictPanel points={lanes[0] ?? NO_LANES} heads={heads} pcgrad={config.pcgrad} />
      <NetworkPanel snapshot={snapshot} />
    </AreaLayout>
  );
}

/**
 * The Fuse area (REFERENCE.md "Strategies", Fusion): models made from saved runs. Its controls: Ensemble,
 * Average weights (model soups) and Interpolate with Align neurons (FuseControls.tsx). Its panels: the
 * fused models' scores beside their members', the Interpolation chart with the loss barrier before and
 * after alignment, and Accuracy vs size, where every ensemble and soup joins the session's points.
 * The work happens in the worker (worker/fuseDesk.ts); the page only asks and shows.
 */
import type { RunSummary } from '../../store/runStore';
import type { ToWorker } from '../../worker/protocol';
import { AccuracySizePanel } from '../compress/CompressionPanels';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { FuseControls } from './FuseControls';
import { FusedResults } from './FusedResults';
import { InterpolationPanel } from './InterpolationChart';

interface Props extends AreaProps {
  runs: readonly RunSummary[] | null;
  send(msg: ToWorker): void;
}

export function FuseArea({ view, runs, send }: Props) {
  const { fusion } = view;
  return (
    <AreaLayout area="fuse" controls={<FuseControls runs={runs} fusion={fusion} send={send} />}>
      <FusedResults ensemble={fusion.ensemble.done} soup={fusion.soup.done} />
      <InterpolationPanel done={fusion.interpolate.done} />
      <AccuracySizePanel view={view} />
    </AreaLayout>
  );
}

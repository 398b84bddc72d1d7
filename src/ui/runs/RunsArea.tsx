/** The Runs area: the config and model files beside the saved runs and Compare. */
import type { RunConfig, Validated } from '../../engine/config';
import type { ExportKind, ToWorker } from '../../worker/protocol';
import { AreaLayout } from '../workspace/AreaLayout';
import type { TrainerView } from '../workspace/trainerView';
import { ConfigFile } from './ConfigFile';
import { ModelFiles } from './ModelFiles';
import { RunsSection } from './RunsSection';
import type { Runs } from './useRuns';

export interface RunsAreaProps {
  config: RunConfig;
  view: TrainerView;
  runs: Runs;
  send(msg: ToWorker): void;
  onImportConfig(result: Validated, fileName: string): void;
  onBrokenConfig(message: string): void;
  onCopyFailed(url: string): void;
  onExport(kind: ExportKind): void;
  onImportModel(fileName: string, bytes: Uint8Array<ArrayBuffer>): void;
  onBadModelFile(message: string): void;
}

export function RunsArea(p: RunsAreaProps) {
  return (
    <AreaLayout
      area="runs"
      controls={
        <>
          <ConfigFile config={p.config} onImport={p.onImportConfig} onBrokenFile={p.onBrokenConfig} onCopyFailed={p.onCopyFailed} />
          <ModelFiles ready={p.view.run !== null} onExport={p.onExport} onImport={p.onImportModel} onBadFile={p.onBadModelFile} />
        </>
      }
    >
      <RunsSection runs={p.runs} currentId={p.view.run?.storeId ?? null} send={p.send} />
    </AreaLayout>
  );
}

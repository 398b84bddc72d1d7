/**
 * The open technique area. Only the open one is mounted: a closed area's controls and charts cost
 * nothing while training, and the config (not the area) holds every setting.
 */
import { CompressArea } from '../compress/CompressArea';
import type { CsvActions } from '../data/CsvControls';
import { DataModelArea } from '../data/DataModelArea';
import { DistillArea } from '../distill/DistillArea';
import { FuseArea } from '../fuse/FuseArea';
import type { PlaygroundLesson } from '../lessons/lessons';
import { LessonsArea } from '../lessons/LessonsPanel';
import { MultiTaskArea } from '../multitask/MultiTaskArea';
import { RegularizeArea } from '../regularize/RegularizeArea';
import { RunsArea, type RunsAreaProps } from '../runs/RunsArea';
import { TrainArea } from '../train/TrainArea';
import type { AreaProps } from './AreaLayout';
import type { AreaId } from './areas';

interface Props extends AreaProps {
  area: AreaId;
  lesson: PlaygroundLesson | null;
  onLesson(lesson: PlaygroundLesson): void;
  runs: RunsAreaProps;
  csv: CsvActions;
}

export function AreaView({ area, config, view, onCommit, lesson, onLesson, runs, csv }: Props) {
  switch (area) {
    case 'model':
      return <DataModelArea config={config} view={view} onCommit={onCommit} csv={csv} />;
    case 'train':
      return <TrainArea config={config} view={view} onCommit={onCommit} />;
    case 'regularize':
      return <RegularizeArea config={config} view={view} onCommit={onCommit} />;
    case 'compress':
      return <CompressArea config={config} view={view} onCommit={onCommit} />;
    case 'distill':
      return <DistillArea config={config} view={view} onCommit={onCommit} runs={runs.runs.runs} send={runs.send} />;
    case 'fuse':
      return <FuseArea config={config} view={view} onCommit={onCommit} runs={runs.runs.runs} send={runs.send} />;
    case 'multitask':
      return <MultiTaskArea config={config} view={view} onCommit={onCommit} />;
    case 'runs':
      return <RunsArea {...runs} />;
    case 'lessons':
      return <LessonsArea current={lesson} onOpen={onLesson} />;
  }
}

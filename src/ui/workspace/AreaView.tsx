/**
 * The open technique area. Only the open one is mounted: a closed area's controls and charts cost
 * nothing while training, and the config (not the area) holds every setting.
 */
import { CompressArea } from '../compress/CompressArea';
import { DataModelArea } from '../data/DataModelArea';
import type { PlaygroundLesson } from '../lessons/lessons';
import { LessonsArea } from '../lessons/LessonsPanel';
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
}

export function AreaView({ area, config, view, onCommit, lesson, onLesson, runs }: Props) {
  switch (area) {
    case 'model':
      return <DataModelArea config={config} view={view} onCommit={onCommit} />;
    case 'train':
      return <TrainArea config={config} view={view} onCommit={onCommit} />;
    case 'regularize':
      return <RegularizeArea config={config} view={view} onCommit={onCommit} />;
    case 'compress':
      return <CompressArea config={config} view={view} onCommit={onCommit} />;
    case 'runs':
      return <RunsArea {...runs} />;
    case 'lessons':
      return <LessonsArea current={lesson} onOpen={onLesson} />;
  }
}

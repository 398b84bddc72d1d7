/**
 * The Distill & transfer area: a teacher teaches a smaller student (Teacher, Train teacher, Temperature,
 * Distillation weight, Omit digit, Class bias shift), and a trained network learns a new task (Digits,
 * Start from, Re-initialise head, Transfer blend, Frozen layers). Its panels: the taught model beside the
 * same model alone, the Soft targets, the Transfer chart, the Network diagram (the teacher beside the
 * student, frozen layers hatched) and Accuracy vs size (the teacher and the student as points).
 */
import { useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../store/runStore';
import type { ToWorker } from '../../worker/protocol';
import { AccuracySizePanel } from '../compress/CompressionPanels';
import { useStableCallback } from '../common/useStableCallback';
import { NetworkPanel } from '../network/NetworkPanel';
import { AreaLayout, type AreaProps } from '../workspace/AreaLayout';
import { BoundaryPair } from './BoundaryPair';
import { DistillControls } from './DistillControls';
import { SoftTargetsPanel } from './SoftTargetsChart';
import { TaughtPanel } from './TaughtChart';
import { TransferControls } from './TransferControls';
import { TransferPanel } from './TransferChart';

interface Props extends AreaProps {
  runs: readonly RunSummary[] | null;
  send(msg: ToWorker): void;
}

/** The soft targets are asked for again at most this often while snapshots come in. */
const SOFT_TARGETS_MS = 400;

export function DistillArea({ config, view, onCommit, runs, send }: Props) {
  const { run, snapshot, status } = view;
  const [index, setIndex] = useState(0);
  const asked = useRef(0);
  const runId = run?.runId ?? -1;
  const teacher = run?.teacher ?? null;
  const testSize = run ? run.dataset.testY.length / Math.max(1, run.dataset.outputDim) : 0;
  // the view follows the student: a new snapshot, another example or another temperature asks again
  const step = snapshot?.step ?? -1;
  useEffect(() => {
    if (!teacher) return;
    const wait = Math.max(0, SOFT_TARGETS_MS - (performance.now() - asked.current));
    const timer = setTimeout(() => {
      asked.current = performance.now();
      send({ type: 'soft-targets', index });
    }, wait);
    return () => clearTimeout(timer);
  }, [teacher, runId, index, step, config.temperature, send]);
  const onIndex = useStableCallback((i: number) => setIndex(i));
  const onRunCurve = useStableCallback(() => send({ type: 'transfer-curve' }));
  const transferred = run?.reference?.kind === 'scratch';
  const classification = run ? run.dataset.task === 'classification' : true;
  return (
    <AreaLayout
      area="distill"
      controls={
        <>
          <DistillControls config={config} run={run} runs={runs} confusion={snapshot?.mnist?.confusion ?? null} step={status.step} onCommit={onCommit} send={send} />
          <TransferControls config={config} run={run} runs={runs} step={status.step} onCommit={onCommit} send={send} />
        </>
      }
    >
      <TaughtPanel lanes={run?.reference && run.reference.kind !== 'single' ? view.lanes : [view.lanes[0] ?? []]} labels={run?.lanes ?? []} teacher={teacher} classification={classification} />
      <SoftTargetsPanel view={teacher ? view.softTargets : null} index={index} onIndex={onIndex} testSize={testSize} />
      {run && teacher?.output && <BoundaryPair dataset={run.dataset} teacherName={teacher.name} teacher={teacher.output} student={snapshot?.output ?? null} />}
      <NetworkPanel snapshot={snapshot} />
      <TransferPanel
        points={view.transfer.points}
        progress={view.transfer.progress}
        onRun={onRunCurve}
        canRun={transferred && classification}
        reason={view.transfer.problem ?? (!transferred ? 'Choose a saved run in Start from first: the comparison fine-tunes its weights.' : !classification ? 'The comparison measures accuracy: it needs classes.' : null)}
      />
      <AccuracySizePanel view={view} />
    </AreaLayout>
  );
}

/**
 * "Decision boundaries": on 2-D data, the teacher's (drawn once: it never changes) beside the distilled
 * student's (the latest snapshot), over the same points, so the student can be seen taking on the
 * teacher's shape. The pictures are the Output panel's (data/drawOutput.ts).
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { DatasetView } from '../../worker/protocol';
import { drawOutput } from '../data/drawOutput';
import { context2d } from '../common/canvas2d';

const SIDE = 220;

function Boundary({ dataset, output, label }: { dataset: DatasetView; output: Float32Array | null; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [size] = useState(() => Math.round(SIDE * Math.min(2, Math.max(1, window.devicePixelRatio || 1))));
  useEffect(() => {
    const ctx = context2d(ref.current);
    if (ctx) drawOutput(ctx, size, dataset, output);
  }, [dataset, output, size]);
  return (
    <figure className="boundary">
      <canvas ref={ref} width={size} height={size} style={{ width: SIDE, height: SIDE }} role="img" aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

interface Props {
  dataset: DatasetView;
  teacherName: string;
  /** [gridRows, outputDim] raw outputs on the grid: the teacher's, and the student's latest. */
  teacher: Float32Array;
  student: Float32Array | null;
}

export const BoundaryPair = memo(function BoundaryPair({ dataset, teacherName, teacher, student }: Props) {
  return (
    <section className="panel panel-boundaries" aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">Decision boundaries</h2>
      <p className="help">The teacher’s and the distilled student’s most likely class over the plane (paler where less sure); filled points train, hollow ones test.</p>
      <div className="boundary-pair">
        <Boundary dataset={dataset} output={teacher} label={`Teacher’s decision boundary (${teacherName})`} />
        <Boundary dataset={dataset} output={student} label="Student’s decision boundary" />
      </div>
    </section>
  );
});

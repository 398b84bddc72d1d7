/**
 * The "Soft targets" panel: for one test example (picked by index, or stepped through with Previous and
 * Next), the teacher's and the student's softmax(z/T) side by side per class (REFERENCE.md
 * "Distillation", Hinton et al. 2015), the example itself (an MNIST digit or a 2-D point) and, per
 * distribution, its top class and entropy in bits. The bars redraw at the charts' pace (useLiveValue).
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { SoftTargetsView } from '../../worker/protocol';
import { ChartFrame } from '../common/ChartFrame';
import { BAR_CURSOR, chartStyle, GRID_STROKE, SERIES, tickPercent, tipPercent, TOOLTIP_CONTENT_STYLE, UNIT_DOMAIN, UNIT_TICKS } from '../common/chartProps';
import { DIGIT_SIDE, digitRgba } from '../common/digitPixels';
import { Readout, Readouts } from '../common/Readouts';
import { formatPercent } from '../common/series';
import { useLiveValue } from '../common/useThrottled';
import { entropyBits, formatBits, formatTemperature, parseExampleIndex, softTargetsSummary, topClass, trueClassName } from './summaries';
import { context2d } from '../common/canvas2d';

interface Props {
  /** The example's soft targets, or null before a teacher is chosen. */
  view: SoftTargetsView | null;
  /** The example asked for (the view may still show the previous one while busy). */
  index: number;
  onIndex(i: number): void;
  /** Examples in the test split: the field takes 0..testSize − 1. */
  testSize: number;
  /** The worker is working out the view for `index`. */
  busy?: boolean;
}

const EMPTY = 'Choose a teacher (or Train teacher) to see its soft targets.';

export const SoftTargetsPanel = memo(function SoftTargetsPanel({ view, index, onIndex, testSize, busy = false }: Props) {
  const headingId = useId();
  const [shown, screenRef] = useLiveValue(view);
  const summary = useMemo(() => softTargetsSummary(shown), [shown]);
  const rows = useMemo(() => (shown ? barRows(shown) : NO_ROWS), [shown]);
  const t = shown ? formatTemperature(shown.temperature) : '1';
  return (
    <section className="panel panel-soft-targets" aria-labelledby={headingId}>
      <h2 id={headingId}>Soft targets</h2>
      <p className="help">
        softmax(z/T) of the teacher and of the student for one test example, at the same temperature T (Hinton et al. 2015). A
        higher T spreads the teacher’s mass over the wrong classes too, showing which ones it finds alike: more bits of entropy.
      </p>
      <ExamplePicker index={index} testSize={testSize} onIndex={onIndex} />
      <div className={busy ? 'soft-targets is-busy' : 'soft-targets'} aria-busy={busy} ref={screenRef}>
        {view && <Example view={view} />}
        <div className="soft-targets-chart">
          <ChartFrame empty={shown === null ? EMPTY : null} summary={summary}>
            <SoftBars rows={rows} t={t} />
          </ChartFrame>
        </div>
      </div>
      {view && <SoftReadouts view={view} />}
    </section>
  );
});

/** "Test example" with Previous and Next: a whole index, clamped to the split; bad text keeps the last good one. */
function ExamplePicker({ index, testSize, onIndex }: { index: number; testSize: number; onIndex(i: number): void }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const none = !(testSize >= 1);
  const go = (i: number) => {
    setDraft(null);
    const next = parseExampleIndex(String(i), testSize);
    if (next !== null && next !== index) onIndex(next);
  };
  const commit = () => {
    if (draft === null) return;
    const next = parseExampleIndex(draft, testSize);
    setDraft(null);
    if (next !== null && next !== index) onIndex(next);
  };
  return (
    <div className="chart-options example-picker">
      <div className="inline-field">
        <label htmlFor={`${id}-index`}>Test example</label>
        <input
          id={`${id}-index`}
          type="number"
          inputMode="numeric"
          min={0}
          max={Math.max(0, testSize - 1)}
          step={1}
          value={draft ?? String(index)}
          disabled={none}
          onChange={(e) => {
            const text = e.target.value;
            setDraft(text);
            // an index already in range takes effect as typed (spinner arrows too); others on Enter or blur
            const v = Number(text);
            if (text.trim() !== '' && Number.isInteger(v) && v >= 0 && v < testSize && v !== index) onIndex(v);
          }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape') setDraft(null);
          }}
        />
        <span className="help">of {Math.max(0, testSize).toLocaleString('en-US')}</span>
      </div>
      <div className="example-steps">
        <button type="button" disabled={none || index <= 0} onClick={() => go(index - 1)}>
          Previous
        </button>
        <button type="button" disabled={none || index >= testSize - 1} onClick={() => go(index + 1)}>
          Next
        </button>
      </div>
    </div>
  );
}

const coordinate = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v));

/** The example: its digit (28×28) or its 2-D point, and its true class. */
const Example = memo(function Example({ view }: { view: SoftTargetsView }) {
  const name = trueClassName(view);
  return (
    <figure className="soft-example">
      {view.pixels ? (
        <DigitCanvas pixels={view.pixels} label={`Test example ${view.index}: a ${name}`} />
      ) : view.point ? (
        <p className="soft-point">
          Point ({coordinate(view.point[0])}, {coordinate(view.point[1])})
        </p>
      ) : null}
      <figcaption>True class: {name}</figcaption>
    </figure>
  );
});

function DigitCanvas({ pixels, label }: { pixels: Uint8Array<ArrayBuffer>; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = context2d(ref.current);
    if (ctx) ctx.putImageData(new ImageData(digitRgba(pixels), DIGIT_SIDE, DIGIT_SIDE), 0, 0);
  }, [pixels]);
  return <canvas ref={ref} width={DIGIT_SIDE} height={DIGIT_SIDE} role="img" aria-label={label} />;
}

/** Top class and entropy of each distribution; the student at T = 1 (as deployed) when T is not 1. */
function SoftReadouts({ view }: { view: SoftTargetsView }) {
  const t = formatTemperature(view.temperature);
  const part = (label: string, p: readonly number[]) => {
    const top = topClass(p, view.classNames);
    return (
      <Readout label={label}>
        {top ? `${top.name} (${formatPercent(top.probability)}) · ${formatBits(entropyBits(p))}` : '—'}
      </Readout>
    );
  };
  return (
    <>
      <Readouts className="soft-readouts">
        {part(`Teacher at T = ${t}`, view.teacher)}
        {part(`Student at T = ${t}`, view.student)}
        {view.temperature !== 1 && view.studentAtOne.length > 0 && part('Student at T = 1', view.studentAtOne)}
      </Readouts>
      <p className="help">
        Top class (its probability) · entropy; {view.classNames.length} classes spread evenly would give{' '}
        {formatBits(Math.log2(Math.max(1, view.classNames.length)))}.
      </p>
    </>
  );
}

interface BarRow {
  name: string;
  teacher: number;
  student: number;
}

/** [K] rows, one per class: the teacher's and the student's probability at T. */
const barRows = (view: SoftTargetsView): BarRow[] =>
  view.classNames.map((name, k) => ({ name, teacher: view.teacher[k] ?? 0, student: view.student[k] ?? 0 }));

const NO_ROWS: BarRow[] = [];
const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };
const TEACHER = SERIES.purple;
const STUDENT = SERIES.blue;
const labelClass = (label: unknown) => `Class ${String(label)}`;

/** The grouped bars, memoised: they redraw when the throttled view or T changes. */
const SoftBars = memo(function SoftBars({ rows, t }: { rows: BarRow[]; t: string }) {
  return (
    <BarChart responsive data={rows} style={chartStyle(200)} margin={MARGIN}>
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis dataKey="name" fontSize={11} />
      <YAxis domain={UNIT_DOMAIN} ticks={UNIT_TICKS} allowDataOverflow tickFormatter={tickPercent} width={44} fontSize={11} />
      <Tooltip formatter={tipPercent} labelFormatter={labelClass} contentStyle={TOOLTIP_CONTENT_STYLE} cursor={BAR_CURSOR} />
      <Legend itemSorter={null} />
      <Bar dataKey="teacher" name={`Teacher at T = ${t}`} fill={TEACHER} isAnimationActive={false} />
      <Bar dataKey="student" name={`Student at T = ${t}`} fill={STUDENT} isAnimationActive={false} />
    </BarChart>
  );
});

/**
 * Words for the augmented batch (protocol.ts AugmentedView): the Augmented samples strip's text summary,
 * each digit's caption, and the Output canvas's sentence about its ghosts. Pure, so tests read them.
 */
import type { AugmentedView } from '../../worker/protocol';

const signed = (v: number) => (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0');
/** Whole degrees with a true minus sign. */
const degrees = (a: number) => {
  const d = Math.round(a);
  return `${d < 0 ? `−${-d}` : d}°`;
};

/** The class a row's target points to, and under mixup the other one mixed in: "7", or "7+1". */
export function sampleLabel(v: AugmentedView, r: number): string {
  const C = v.targets.length / Math.max(1, v.rows);
  const row = v.targets.subarray(r * C, r * C + C);
  let a = 0;
  for (let c = 1; c < C; c++) if (row[c] > row[a]) a = c;
  let b = -1;
  for (let c = 0; c < C; c++) if (c !== a && row[c] > 1e-6 && (b < 0 || row[c] > row[b])) b = c;
  return b < 0 ? String(a) : `${a}+${b}`;
}

/** One row's caption: its label, and its shift and turn when they are on, e.g. { label: "7", moved: "+2,−1 12°" }. */
export function sampleCaption(v: AugmentedView, r: number): { label: string; moved: string } {
  const parts: string[] = [];
  if (v.settings.shift > 0) parts.push(`${signed(v.dx[r])},${signed(v.dy[r])}`);
  if (v.settings.rotation > 0) parts.push(degrees(v.angle[r]));
  return { label: sampleLabel(v, r), moved: parts.join(' ') };
}

/** What this batch went through, in words: one clause per augmentation that is on; `each`: with every row's draws. */
function clauses(v: AugmentedView, noise: string, each: boolean): string[] {
  const { settings: s, rows } = v;
  const out: string[] = [];
  if (s.shift > 0) {
    const moved = v.dx.filter((dx, r) => dx !== 0 || v.dy[r] !== 0).length;
    const pairs = v.dx.map((dx, r) => `(${signed(dx)}, ${signed(v.dy[r])})`).join(', ');
    out.push(each ? `shifted by up to ±${s.shift} pixels: ${moved} of ${rows} moved; shifts right, down: ${pairs}` : `shifted by up to ±${s.shift} pixels`);
  }
  if (s.rotation > 0) out.push(`turned by up to ±${s.rotation}°${each ? `: ${v.angle.map(degrees).join(', ')}` : ''}`);
  if (s.noise > 0) out.push(`${noise} σ ${s.noise}`);
  if (s.mixup > 0) out.push(`mixup a ${s.mixup}${each ? `, own share λ ${v.lambda.map((l) => l.toFixed(2)).join(', ')}` : ''}`);
  return out;
}

/** The strip's summary, e.g. "16 digits of step 57’s batch as the network sees them: shifted by up to ±2 pixels: …". */
export function augmentedSummary(v: AugmentedView): string {
  const list = clauses(v, 'pixel noise', true);
  const labels = Array.from({ length: v.rows }, (_, r) => sampleLabel(v, r)).join(', ');
  return `${v.rows} digits of step ${v.step}’s batch as the network sees them: ${list.join('; ')}. Labels: ${labels}.`;
}

/** The Output canvas's sentence about its ghosts. */
export function ghostSummary(v: AugmentedView): string {
  const list = clauses(v, 'jitter', false);
  return `Faint ghosts: ${v.rows} points of step ${v.step}’s batch as the network sees them (${list.join('; ')}).`;
}

/**
 * The Network panel: the model as it is now, every neuron a small picture of what it computes and every
 * edge a weight (orange positive, blue negative, thicker for larger |w|), live while it trains, prunes and
 * quantizes (worker/networkView.ts builds the view; drawNetwork.ts lays it out and paints it).
 *
 * Redraws follow the page's budget: the view lands at most every 500 ms, in its turn of the redraw queue
 * and only while on screen (useLiveValue); one paint is a few Path2D strokes and small images. Hovering a
 * neuron or an edge shows its value in a tooltip; the canvas is focusable, the arrow keys walk the neurons
 * (the text is announced), and its accessible name summarises the model.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { OutputSnapshot } from '../workspace/trainerView';
import type { NetworkView } from '../../worker/protocol';
import { useLiveValue } from '../common/useThrottled';
import { drawNetwork } from './drawNetwork';
import { HEIGHT, WIDTH, hitTest, layoutNetwork, type Hit, type NetworkLayout } from './networkLayout';
import { describeNetwork, hitText, layerCaption, samplingNote } from './networkText';
import { context2d } from '../common/canvas2d';

interface Props {
  /** The run's latest snapshot; it arrives without a network when the model is too large to read back live. */
  snapshot: OutputSnapshot | null;
}

export function NetworkPanel({ snapshot }: Props) {
  const network = snapshot?.network ?? null;
  const tooLarge = snapshot !== null && network === null;
  const [shown, screenRef] = useLiveValue(network);
  return (
    <section className="panel panel-network">
      <h2>Network</h2>
      <p className="help">
        The model as it is now. Each neuron shows its output over the input (blue negative, orange positive, white zero; on MNIST the first
        layer shows each neuron’s 784 incoming weights as a 28×28 image, and neurons without a picture are coloured by their bias); edges are weights, orange positive and blue negative, thicker for
        larger |w|. Pruned weights vanish, neurons left without weights turn grey. Hover a neuron or an edge, or focus the picture and use
        the arrow keys, to read its value.
      </p>
      <div ref={screenRef}>
        {shown ? (
          <NetworkCanvas view={shown} />
        ) : (
          <p className="chart-empty">{tooLarge ? 'This model is too large to draw live (over 300,000 parameters).' : 'Appears with the first evaluation.'}</p>
        )}
      </div>
    </section>
  );
}

const sameHit = (a: Hit | null, b: Hit | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The neuron one arrow key away from `from`: up and down within its layer; left and right to the nearest
 * column that way with a drawn neuron of the same model (the shared input belongs to both), at the
 * nearest height.
 */
function moveFocus(view: NetworkView, layout: NetworkLayout, from: { layer: number; slot: number }, key: string): { layer: number; slot: number } {
  const { nodes, columnX } = layout;
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const n = nodes[from.layer].length;
    return { layer: from.layer, slot: Math.max(0, Math.min(n - 1, from.slot + (key === 'ArrowDown' ? 1 : -1))) };
  }
  const dir = key === 'ArrowRight' ? 1 : -1;
  const model = view.layers[from.layer].model;
  const x = columnX[from.layer], y = nodes[from.layer][from.slot].y;
  const ok = nodes
    .map((_, k) => k)
    .filter((k) => nodes[k].length > 0 && (columnX[k] - x) * dir > 0 && (!model || !view.layers[k].model || view.layers[k].model === model));
  if (ok.length === 0) return from;
  const nearestX = Math.min(...ok.map((k) => Math.abs(columnX[k] - x)));
  let best = from;
  let bestD = Infinity;
  for (const k of ok.filter((k) => Math.abs(columnX[k] - x) === nearestX)) {
    for (let p = 0; p < nodes[k].length; p++) {
      const d = Math.abs(nodes[k][p].y - y);
      if (d < bestD) [bestD, best] = [d, { layer: k, slot: p }];
    }
  }
  return best;
}

/** One caption per column over the canvas (the student's and shared layers) or under it (the teacher's). */
function Captions({ view, layout, below }: { view: NetworkView; layout: NetworkLayout; below: boolean }) {
  const mine = (k: number) => (view.layers[k].model === 'teacher') === below;
  const columns = [...new Set(layout.columnX.filter((_, k) => mine(k)))];
  if (columns.length === 0) return null;
  const first = Math.min(...layout.columnX), last = Math.max(...layout.columnX);
  return (
    <ol className={`network-captions${below ? ' is-below' : ''}`} aria-hidden="true">
      {columns.map((x) => (
        <li key={x} className={x === first ? 'is-first' : x === last ? 'is-last' : undefined} style={{ left: `${(x / WIDTH) * 100}%` }}>
          {view.layers
            .filter((_, k) => layout.columnX[k] === x && mine(k))
            .map((L) => layerCaption(L).map((line, i) => <span key={`${L.name}-${i}`} className={i === 0 ? 'network-caption-name' : undefined}>{line}</span>))}
        </li>
      ))}
    </ol>
  );
}

const NetworkCanvas = memo(function NetworkCanvas({ view }: { view: NetworkView }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [dpr] = useState(() => Math.min(2, Math.max(1, window.devicePixelRatio || 1)));
  const layout = useMemo(() => layoutNetwork(view), [view]);
  const [hit, setHit] = useState<Hit | null>(null);
  const [keyboard, setKeyboard] = useState(false);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const summary = useMemo(() => describeNetwork(view), [view]);
  const note = useMemo(() => samplingNote(view), [view]);
  const edges = view.edges.reduce((a, e) => a + e.weight.length, 0);
  const nodes = layout.nodes.reduce((a, n) => a + n.length, 0);
  const probeLayer = layout.nodes.findIndex((n, k) => k > 0 && n.length > 0);
  const probe = probeLayer > 0 ? layout.nodes[probeLayer][0] : null;

  useEffect(() => {
    const ctx = context2d(ref.current);
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawNetwork(ctx, view, layout);
  }, [view, layout, dpr]);

  // a new view moves things: what is under the pointer (or the focused neuron) is looked up again
  useEffect(() => {
    setHit((h) => {
      if (h?.kind === 'node' && keyboard) return layout.nodes[h.layer]?.[h.slot] ? h : null;
      const p = pointer.current;
      return p ? hitTest(view, layout, p.x, p.y) : null;
    });
  }, [view, layout, keyboard]);

  const onMove = useCallback(
    (e: MouseEvent<HTMLCanvasElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      const p = { x: ((e.clientX - r.left) * WIDTH) / r.width, y: ((e.clientY - r.top) * HEIGHT) / r.height };
      pointer.current = p;
      setKeyboard(false);
      const h = hitTest(view, layout, p.x, p.y);
      setHit((old) => (sameHit(old, h) ? old : h));
    },
    [view, layout],
  );
  const onLeave = useCallback(() => {
    pointer.current = null;
    if (!keyboard) setHit(null);
  }, [keyboard]);
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Escape') return setHit(null);
    if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
    e.preventDefault();
    setKeyboard(true);
    const first = layout.nodes.findIndex((n) => n.length > 0);
    if (first < 0) return;
    setHit((h) => ({ kind: 'node', ...(h?.kind === 'node' ? moveFocus(view, layout, h, e.key) : { layer: first, slot: 0 }) }));
  };

  const text = hit ? hitText(view, hit) : null;
  const spot = hit?.kind === 'node' ? layout.nodes[hit.layer][hit.slot] : null;
  const at = spot ? { x: spot.x + spot.size / 2 + 6, y: spot.y } : pointer.current;
  const frozen = view.layers.some((L) => L.frozen);
  const teacher = view.layers.some((L) => L.model === 'teacher');
  return (
    <div className="network">
      <Captions view={view} layout={layout} below={false} />
      <div className="network-stage">
        <canvas
          ref={ref}
          className="network-canvas"
          width={Math.round(WIDTH * dpr)}
          height={Math.round(HEIGHT * dpr)}
          role="img"
          aria-label={summary}
          aria-describedby={text ? 'network-tooltip' : undefined}
          tabIndex={0}
          data-edges={edges}
          data-nodes={nodes}
          data-probe={probe ? `${(probe.x / WIDTH).toFixed(4)},${(probe.y / HEIGHT).toFixed(4)}` : undefined}
          onMouseMove={onMove}
          onMouseLeave={onLeave}
          onKeyDown={onKey}
          onBlur={() => keyboard && setHit(null)}
        />
        {spot && (
          <div
            className="network-ring"
            aria-hidden="true"
            style={{ left: `${((spot.x - spot.size / 2 - 2) / WIDTH) * 100}%`, top: `${((spot.y - spot.size / 2 - 2) / HEIGHT) * 100}%`, width: `${((spot.size + 4) / WIDTH) * 100}%`, height: `${((spot.size + 4) / HEIGHT) * 100}%` }}
          />
        )}
        {text && at && (
          <div
            id="network-tooltip"
            role="tooltip"
            className={`network-tooltip${at.x > WIDTH * 0.65 ? ' is-left' : ''}`}
            style={{ left: `${(at.x / WIDTH) * 100}%`, top: `${(at.y / HEIGHT) * 100}%` }}
          >
            {text}
          </div>
        )}
      </div>
      <Captions view={view} layout={layout} below />
      <p className="visually-hidden" aria-live="polite">{keyboard && text ? text : ''}</p>
      <p className="legend">
        <span className="swatch swatch-class-1" aria-hidden="true" /> positive, <span className="swatch swatch-negative" aria-hidden="true" /> negative,{' '}
        <span className="swatch swatch-pruned" aria-hidden="true" /> pruned
        {frozen && (
          <>
            , <span className="swatch swatch-frozen" aria-hidden="true" /> hatched: frozen (no update)
          </>
        )}
        {teacher && (
          <>
            , <span className="swatch swatch-teacher" aria-hidden="true" /> pale, below: the teacher (frozen)
          </>
        )}
        . {summary}.{note ? ` ${note}` : ''}
      </p>
    </div>
  );
});

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
import { HEIGHT, WIDTH, drawNetwork, hitTest, layoutNetwork, type Hit, type NetworkLayout } from './drawNetwork';
import { describeNetwork, hitText, layerCaption, samplingNote } from './networkText';

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

/** The neuron `step` places away from `from` (arrows: ±1 layer or ±1 neuron), skipping layers with none drawn. */
function moveFocus(layout: NetworkLayout, from: { layer: number; slot: number }, key: string): { layer: number; slot: number } {
  const { nodes } = layout;
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const n = nodes[from.layer].length;
    return { layer: from.layer, slot: Math.max(0, Math.min(n - 1, from.slot + (key === 'ArrowDown' ? 1 : -1))) };
  }
  const dir = key === 'ArrowRight' ? 1 : -1;
  for (let k = from.layer + dir; k >= 0 && k < nodes.length; k += dir) {
    if (nodes[k].length === 0) continue;
    const y = nodes[from.layer][from.slot].y;
    let best = 0;
    nodes[k].forEach((s, p) => (Math.abs(s.y - y) < Math.abs(nodes[k][best].y - y) ? (best = p) : 0));
    return { layer: k, slot: best };
  }
  return from;
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
    const ctx = ref.current?.getContext('2d');
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
    setHit((h) => ({ kind: 'node', ...(h?.kind === 'node' ? moveFocus(layout, h, e.key) : { layer: first, slot: 0 }) }));
  };

  const text = hit ? hitText(view, hit) : null;
  const spot = hit?.kind === 'node' ? layout.nodes[hit.layer][hit.slot] : null;
  const at = spot ? { x: spot.x + spot.size / 2 + 6, y: spot.y } : pointer.current;
  const columns = [...new Set(layout.columnX)];
  return (
    <div className="network">
      <ol className="network-captions" aria-hidden="true">
        {columns.map((x) => (
          <li key={x} style={{ left: `${(x / WIDTH) * 100}%` }}>
            {view.layers
              .filter((_, k) => layout.columnX[k] === x)
              .map((L) => layerCaption(L).map((line, i) => <span key={`${L.name}-${i}`} className={i === 0 ? 'network-caption-name' : undefined}>{line}</span>))}
          </li>
        ))}
      </ol>
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
      <p className="visually-hidden" aria-live="polite">{keyboard && text ? text : ''}</p>
      <p className="legend">
        <span className="swatch swatch-class-1" aria-hidden="true" /> positive, <span className="swatch swatch-negative" aria-hidden="true" /> negative,{' '}
        <span className="swatch swatch-pruned" aria-hidden="true" /> pruned. {summary}.{note ? ` ${note}` : ''}
      </p>
    </div>
  );
});

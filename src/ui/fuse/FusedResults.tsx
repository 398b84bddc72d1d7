/**
 * The Fuse area's result tables: the last ensemble (each member's test accuracy, then the ensemble's) and
 * the last soup (its ingredients, the greedy choice, then the soup), with where they were evaluated.
 */
import { memo, useId } from 'react';
import type { FusedScore, FusionDone } from '../../worker/fusionProtocol';
import { formatBytes } from '../compress/compressionFormat';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function ScoreRows({ rows, last }: { rows: readonly FusedScore[]; last: FusedScore }) {
  return (
    <table className="fuse-table">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Test accuracy</th>
          <th scope="col">Errors</th>
          <th scope="col">Test loss</th>
          <th scope="col">Size</th>
        </tr>
      </thead>
      <tbody>
        {[...rows, last].map((r, i) => (
          <tr key={i} className={i === rows.length ? 'fuse-fused' : undefined}>
            <th scope="row">{r.name}</th>
            <td>{pct(r.accuracy)}</td>
            <td>{`${r.errors} of ${r.n}`}</td>
            <td>{r.loss.toFixed(4)}</td>
            <td>{formatBytes(r.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Where({ done }: { done: FusionDone }) {
  return (
    <p className="help">
      Evaluated on the {done.testSet}, on the {done.backend}.{done.note ? ` ${done.note}` : ''}
    </p>
  );
}

export const FusedResults = memo(function FusedResults({ ensemble, soup }: { ensemble: FusionDone | null; soup: FusionDone | null }) {
  const id = useId();
  const e = ensemble?.result.kind === 'ensemble' ? ensemble.result : null;
  const s = soup?.result.kind === 'soup' ? soup.result : null;
  const best = e ? Math.max(...e.members.map((m) => m.accuracy)) : 0;
  return (
    <section className="panel panel-fused" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Fused models</h2>
      {!e && !s && <p className="chart-empty">Ensemble saved runs or average their weights: each member and the fused model are scored here on one test split.</p>}
      {e && ensemble && (
        <>
          <h3>Ensemble</h3>
          <p className="readout-line" role="status">
            Ensemble accuracy: <strong>{pct(e.ensemble.accuracy)}</strong> (best member {pct(best)}; {e.ensemble.accuracy >= best ? 'the ensemble is at least as good' : 'the ensemble is worse than its best member'})
          </p>
          <ScoreRows rows={e.members} last={e.ensemble} />
          <Where done={ensemble} />
        </>
      )}
      {s && soup && (
        <>
          <h3>Averaged weights</h3>
          <p className="readout-line" role="status">
            {s.soup.name}: <strong>{pct(s.soup.accuracy)}</strong> test accuracy
          </p>
          {s.greedy && (
            <p className="help">
              Greedy choice on the first {s.heldOut} test examples (held out):{' '}
              {s.tried.map((t) => `${t.name} ${t.kept ? 'kept' : 'left out'} (soup ${pct(t.heldOut)})`).join('; ')}.
            </p>
          )}
          <ScoreRows rows={s.members} last={s.soup} />
          <Where done={soup} />
        </>
      )}
    </section>
  );
});

/** "Confusion matrix": test digits by true class (rows) and predicted class (columns), cells shaded by row share. */
import { memo } from 'react';

const DIGITS = Array.from({ length: 10 }, (_, d) => d);

export const ConfusionMatrix = memo(function ConfusionMatrix({ confusion }: { confusion: number[] }) {
  const rowTotals = DIGITS.map((t) => DIGITS.reduce((s, p) => s + (confusion[t * 10 + p] ?? 0), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const correct = DIGITS.reduce((s, d) => s + (confusion[d * 11] ?? 0), 0);
  return (
    <div className="confusion">
      <table className="confusion-table">
        <caption>
          Rows: true digit; columns: predicted. {correct.toLocaleString('en-US')} of {total.toLocaleString('en-US')} test digits right.
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">True digit</span>
            </th>
            {DIGITS.map((p) => (
              <th key={p} scope="col">
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DIGITS.map((t) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              {DIGITS.map((p) => {
                const n = confusion[t * 10 + p] ?? 0;
                const share = rowTotals[t] > 0 ? n / rowTotals[t] : 0;
                const hue = t === p ? '30, 138, 76' : '212, 96, 11';
                // Off-diagonal errors are rare: stretch their shading so a 2% confusion still shows.
                const alpha = t === p ? share : Math.min(1, share * 5);
                return (
                  <td
                    key={p}
                    className={t === p ? 'diagonal' : undefined}
                    style={{ background: n > 0 ? `rgba(${hue}, ${(0.08 + 0.8 * alpha).toFixed(3)})` : undefined, color: alpha > 0.6 ? 'var(--on-figure)' : undefined }}
                    title={`true ${t}, predicted ${p}: ${n}`}
                  >
                    {n}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

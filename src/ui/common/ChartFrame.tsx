/**
 * A live chart's frame: the chart is mounted from the start, hidden behind `empty`'s hint while it has
 * nothing to draw. Mounting a recharts chart is its costliest redraw by far (hundreds of ms on a software
 * GPU); done on page load it never lands in the middle of a training run.
 *
 * `summary` is the chart's text alternative (chartSummaries.ts): a visually hidden paragraph after the
 * chart, there while the chart has something to draw. It is not a live region (the run has its own),
 * and the chart is not hidden from assistive technology: a recharts chart is a focusable
 * role="application" whose tooltip follows the arrow keys.
 */
import type { ReactNode } from 'react';

export function ChartFrame({ empty, summary, children }: { empty: string | null; summary?: string; children: ReactNode }) {
  return (
    <div className={empty === null ? 'chart-frame' : 'chart-frame is-empty'}>
      {children}
      {empty === null && summary && <p className="visually-hidden">{summary}</p>}
      {empty !== null && <p className="chart-empty">{empty}</p>}
    </div>
  );
}

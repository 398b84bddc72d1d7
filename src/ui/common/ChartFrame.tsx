/**
 * A live chart's frame: the chart is mounted from the start, hidden behind `empty`'s hint while it has
 * nothing to draw. Mounting a recharts chart is its costliest redraw by far (hundreds of ms on a software
 * GPU); done on page load it never lands in the middle of a training run.
 */
import type { ReactNode } from 'react';

export function ChartFrame({ empty, children }: { empty: string | null; children: ReactNode }) {
  return (
    <div className={empty === null ? 'chart-frame' : 'chart-frame is-empty'}>
      {children}
      {empty !== null && <p className="chart-empty">{empty}</p>}
    </div>
  );
}

/**
 * A live chart's tick label as one plain SVG <text>, for an axis's `tick` prop. Recharts' own label (its
 * Text component) splits each label into words and measures them in a hidden DOM node on every redraw,
 * to wrap labels that never need wrapping here; this draws the same label at the same place without
 * measuring anything.
 */
import type { SVGProps } from 'react';

interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: SVGProps<SVGTextElement>['textAnchor'];
  verticalAnchor?: 'start' | 'middle' | 'end';
  fill?: string;
  fontSize?: number | string;
  className?: string;
  index?: number;
  payload?: { value?: unknown };
  tickFormatter?: (value: unknown, index: number) => string;
}

/** The baseline shift recharts' Text applies for each vertical anchor (one line of text). */
const DY = { start: '0.71em', middle: '0.355em', end: '0' } as const;

export function plainTick({ x, y, textAnchor, verticalAnchor = 'end', fill, fontSize, className, index = 0, payload, tickFormatter }: TickProps) {
  const value = payload?.value;
  const label = tickFormatter ? tickFormatter(value, index) : String(value ?? '');
  return (
    <text x={x} y={y} dy={DY[verticalAnchor]} textAnchor={textAnchor} fill={fill} fontSize={fontSize} className={className}>
      {label}
    </text>
  );
}

/** "Misclassified digits": up to 24 test digits the model gets wrong, each labelled "true → predicted". */
import { memo, useEffect, useRef } from 'react';
import type { MnistView } from '../../worker/protocol';
import { DIGIT_SIDE, digitRgba } from '../common/digitPixels';
import { misclassifiedSummary } from '../common/chartSummaries';
import { context2d } from '../common/canvas2d';

type Digit = MnistView['misclassified'][number];

function DigitImage({ digit }: { digit: Digit }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = context2d(ref.current);
    if (ctx) ctx.putImageData(new ImageData(digitRgba(digit.pixels), DIGIT_SIDE, DIGIT_SIDE), 0, 0);
  }, [digit]);
  const text = `${digit.label} → ${digit.predicted}`;
  return (
    <figure className="digit">
      <canvas ref={ref} width={DIGIT_SIDE} height={DIGIT_SIDE} role="img" aria-label={`Test digit ${digit.index}: a ${digit.label} read as ${digit.predicted}`} />
      <figcaption>{text}</figcaption>
    </figure>
  );
}

export const MisclassifiedDigits = memo(function MisclassifiedDigits({ digits }: { digits: MnistView['misclassified'] }) {
  if (digits.length === 0) return <p className="chart-empty">No test digit is misclassified.</p>;
  return (
    <div>
      <p className="help">True digit → the model’s answer, the first {digits.length} mistakes in test-set order.</p>
      <p className="visually-hidden">{misclassifiedSummary(digits)}</p>
      <div className="digit-strip" role="list" aria-label="Misclassified test digits">
        {digits.map((d) => (
          <div role="listitem" key={d.index}>
            <DigitImage digit={d} />
          </div>
        ))}
      </div>
    </div>
  );
});

/** The race results: one row per racer, the latest point's f, its distance to a minimum, steps to reach it. */
import { OPTIMIZER_LABELS, type LandscapeState } from '../engine/landscapeState';
import { MINIMUM_RADIUS } from '../engine/race';
import { SURFACE_INFO } from '../engine/surfaces';
import type { RacerResult } from './worker/landscapeProtocol';
import { RACER_COLOURS } from './drawLandscape';

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(2) : v.toPrecision(4));

interface Props {
  state: LandscapeState;
  results: RacerResult[];
}

export function RaceResults({ state, results }: Props) {
  const hasMinimum = SURFACE_INFO[state.surface].minima.length > 0;
  return (
    // scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too
    <div className="race-results" tabIndex={0} role="group" aria-label="Race results, scrollable">
      <table>
        <caption>Race results</caption>
        <thead>
          <tr>
            <th scope="col">Racer</th>
            <th scope="col">Optimizer</th>
            <th scope="col">Learning rate</th>
            <th scope="col">Final f</th>
            <th scope="col">Distance to nearest minimum</th>
            <th scope="col">Steps to minimum</th>
          </tr>
        </thead>
        <tbody>
          {state.racers.map((r, i) => {
            const res = results[i];
            const diverged = res?.divergedAt !== null && res?.divergedAt !== undefined;
            return (
              <tr key={i}>
                <th scope="row">
                  <span className="swatch" style={{ background: RACER_COLOURS[i] }} aria-hidden="true" /> {i + 1}
                </th>
                <td>{OPTIMIZER_LABELS[r.optimizer]}</td>
                <td>{r.learningRate}</td>
                <td>{!res || res.step < 0 ? '—' : diverged ? `diverged at step ${res.divergedAt}` : fmt(res.f)}</td>
                <td>{res && res.distance !== null ? fmt(res.distance) : '—'}</td>
                <td>{res && res.stepsToMinimum !== null ? res.stepsToMinimum : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="help">
        {hasMinimum
          ? `Steps to minimum: the first step within ${MINIMUM_RADIUS} of a known minimum (— : not yet). Final f and the distance are at the latest step.`
          : 'The saddle has no minimum, so there is no distance to one and no step count; watch f fall instead.'}
      </p>
    </div>
  );
}

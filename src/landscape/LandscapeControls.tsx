/** The surface, its condition number, the start point, the speed and the shared hyperparameters. */
import { memo } from 'react';
import { STEPS_PER_FRAME_MAX, STEPS_PER_FRAME_MIN, type LandscapeState } from '../engine/landscapeState';
import { CONDITION_MAX, CONDITION_MIN, SURFACES, SURFACE_INFO, type SurfaceName } from '../engine/surfaces';
import { NumberField, RangeField, SelectField } from '../ui/common/fields';

const SURFACE_OPTIONS = SURFACES.map((s) => ({ value: s, label: SURFACE_INFO[s].label }));

interface Props {
  state: LandscapeState;
  onSurface(surface: SurfaceName): void;
  /** A candidate change; validated (and reported) by the caller. */
  onChange(patch: { [K in keyof LandscapeState]?: unknown }): void;
}

export const LandscapeControls = memo(function LandscapeControls({ state, onSurface, onChange }: Props) {
  const w = SURFACE_INFO[state.surface].window;
  return (
    <>
      <fieldset>
        <legend>Surface</legend>
        <SelectField
          id="surface"
          label="Surface"
          value={state.surface}
          options={SURFACE_OPTIONS}
          help="Switching sets the surface's start point and its suggested learning rate for every racer."
          onChange={onSurface}
        />
        {state.surface === 'bowl' && (
          <RangeField
            id="condition"
            label="Condition number"
            value={state.condition}
            min={CONDITION_MIN}
            max={CONDITION_MAX}
            step={1}
            format={(v) => String(v)}
            help="c in (x − 3)² + c·(y − 3)²: how much steeper the valley is across than along."
            onCommit={(condition) => onChange({ condition })}
          />
        )}
        <div className="start-fields">
          <NumberField id="start-x" label="Start x" value={state.start[0]} min={w.xMin} max={w.xMax} step="any" onCommit={(x) => onChange({ start: [x, state.start[1]] })} />
          <NumberField id="start-y" label="Start y" value={state.start[1]} min={w.yMin} max={w.yMax} step="any" onCommit={(y) => onChange({ start: [state.start[0], y] })} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Speed</legend>
        <RangeField
          id="steps-per-frame"
          label="Steps per frame"
          value={state.stepsPerFrame}
          min={STEPS_PER_FRAME_MIN}
          max={STEPS_PER_FRAME_MAX}
          step={1}
          format={(v) => String(v)}
          help="Optimizer steps per animation frame (about 60 frames a second); applies without restarting."
          onCommit={(stepsPerFrame) => onChange({ stepsPerFrame })}
        />
      </fieldset>
      <fieldset>
        <legend>Shared hyperparameters</legend>
        <NumberField id="momentum" label="Momentum μ" value={state.momentum} min={0} max={0.999} step="any" help="For the Momentum optimizer." onCommit={(momentum) => onChange({ momentum })} />
        <NumberField id="beta1" label="Adam β1" value={state.beta1} min={0} max={0.999} step="any" onCommit={(beta1) => onChange({ beta1 })} />
        <NumberField id="beta2" label="Adam β2" value={state.beta2} min={0} max={0.9999} step="any" help="Adam and AdamW; RMSprop keeps its own α = 0.99." onCommit={(beta2) => onChange({ beta2 })} />
        <NumberField id="epsilon" label="Epsilon" value={state.epsilon} min={1e-12} max={1} step="any" help="ε of Adam, AdamW, RMSprop and Adagrad." onCommit={(epsilon) => onChange({ epsilon })} />
      </fieldset>
    </>
  );
});

/** Train/Pause, Step and Reset: the run's transport controls. */
interface Props {
  ready: boolean;
  running: boolean;
  onToggle(): void;
  onStep(): void;
  onReset(): void;
}

export function RunButtons({ ready, running, onToggle, onStep, onReset }: Props) {
  return (
    <div className="run-buttons">
      <button type="button" className="button-primary" disabled={!ready} onClick={onToggle}>
        {running ? 'Pause' : 'Train'}
      </button>
      <button type="button" disabled={!ready || running} onClick={onStep}>
        Step
      </button>
      <button type="button" disabled={!ready} onClick={onReset}>
        Reset
      </button>
    </div>
  );
}

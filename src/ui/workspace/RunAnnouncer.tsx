/**
 * The run's one polite live region (visually hidden): it says what runAnnouncements.ts decides, so a
 * screen reader hears a new run, Train, Pause and a progress line every half minute, not every update.
 */
import { useEffect, useRef, useState } from 'react';
import { announcement, progressText, PROGRESS_MS, type AnnouncedState } from './runAnnouncements';

export function RunAnnouncer(state: AnnouncedState) {
  const [text, setText] = useState('');
  const beforeRef = useRef<AnnouncedState>({ run: null, status: state.status, latest: undefined });
  const nowRef = useRef(state);
  useEffect(() => {
    nowRef.current = state;
  });

  useEffect(() => {
    const said = announcement(beforeRef.current, state);
    beforeRef.current = state;
    if (said !== null) setText(said);
  }, [state.run, state.status.running]); // eslint-disable-line react-hooks/exhaustive-deps -- announce on these changes only

  const running = state.status.running;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setText(progressText(nowRef.current)), PROGRESS_MS);
    return () => clearInterval(timer);
  }, [running]);

  return (
    <p className="visually-hidden" role="status" aria-label="Run announcements">
      {text}
    </p>
  );
}

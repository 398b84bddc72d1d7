/**
 * The Lessons panel: the guided scenarios of lessons.ts, each with its setting, what to watch and an
 * "Open lesson" control. A playground lesson goes to the page through `onOpen` (App applies it as it
 * applies a pasted link, and starts a fresh run); the Landscape lesson is a link to landscape.html. The
 * lesson opened last stays on screen as the "Current lesson" note (a card pinned to the window's corner)
 * until another is opened or it is closed; it folds to its title so it does not cover a chart.
 */
import { memo, useEffect, useId, useRef, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import { LESSONS, lessonConfig, lessonHref, lessonSetting, type Lesson, type PlaygroundLesson } from './lessons';

interface Props {
  /** Applies a lesson's complete config to the page and starts its run from step 0. */
  onOpen(config: RunConfig): void;
}

/** Memoised: `onOpen` is a stable callback, so the page's updates while training skip this panel. */
export const LessonsPanel = memo(function LessonsPanel({ onOpen }: Props) {
  const headingId = useId();
  const [current, setCurrent] = useState<PlaygroundLesson | null>(null);
  const [folded, setFolded] = useState(false);
  const noteRef = useRef<HTMLDivElement>(null);

  const open = (lesson: PlaygroundLesson) => {
    onOpen(lessonConfig(lesson));
    setCurrent(lesson);
    setFolded(false);
    // back to the top, where Train and the charts are; the note stays pinned in view
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  useEffect(() => {
    if (current) noteRef.current?.focus({ preventScroll: true });
  }, [current]);

  return (
    <section className="panel panel-lessons" aria-labelledby={headingId}>
      <h2 id={headingId}>Lessons</h2>
      <p className="help">
        Each lesson loads a prepared setting and starts its run afresh at step 0 (the run you had is kept in Runs); train it
        and watch what the lesson names.
      </p>
      {current && (
        <div className="lesson-current" role="note" aria-label="Current lesson" tabIndex={-1} ref={noteRef}>
          <p className="lesson-current-label">Current lesson</p>
          <h3>{current.title}</h3>
          {!folded && <Sentences lesson={current} />}
          <div className="lesson-current-buttons">
            <button type="button" className="button-quiet" onClick={() => setFolded(!folded)}>
              {folded ? 'Show what to watch' : 'Hide'}
            </button>
            <button type="button" className="button-quiet" onClick={() => setCurrent(null)}>
              Close lesson
            </button>
          </div>
        </div>
      )}
      <ol className="lessons-list">
        {LESSONS.map((lesson) => (
          <li key={lesson.id} className={lesson.id === current?.id ? 'lesson is-current' : 'lesson'}>
            <h3>{lesson.title}</h3>
            <p className="lesson-setting">{lessonSetting(lesson)}</p>
            <Sentences lesson={lesson} />
            {lesson.kind === 'landscape' ? (
              <a className="lesson-open" href={lessonHref(lesson)} aria-label={`Open lesson: ${lesson.title}`}>
                Open lesson
              </a>
            ) : (
              <button type="button" className="lesson-open" onClick={() => open(lesson)} aria-label={`Open lesson: ${lesson.title}`}>
                Open lesson
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
});

function Sentences({ lesson }: { lesson: Lesson }) {
  return (
    <div className="lesson-watch">
      {lesson.watch.map((s) => (
        <p key={s}>{s}</p>
      ))}
    </div>
  );
}

/**
 * The Lessons area: the guided scenarios of lessons.ts, each with its setting, what to watch and an
 * "Open lesson" control. A playground lesson goes to the page through `onOpen` (the page applies it as it
 * applies a pasted link, starts a fresh run and opens the lesson's area); the Landscape lesson is a link to
 * landscape.html. The lesson opened last stays on screen in every area as the "Current lesson" note
 * (CurrentLesson, a card pinned to the window's corner) until closed; it folds to its title.
 */
import { memo, useEffect, useId, useRef, useState } from 'react';
import { AreaLayout } from '../workspace/AreaLayout';
import { areaLabel } from '../workspace/areas';
import { LESSONS, lessonHref, lessonSetting, type Lesson, type PlaygroundLesson } from './lessons';

interface Props {
  /** The lesson opened last, if its note is still open. */
  current: PlaygroundLesson | null;
  /** Applies a lesson's complete config to the page, starts its run from step 0 and opens its area. */
  onOpen(lesson: PlaygroundLesson): void;
}

/** Memoised: `onOpen` is a stable callback, so the page's updates while training skip this list. */
export const LessonsArea = memo(function LessonsArea({ current, onOpen }: Props) {
  const headingId = useId();
  return (
    <AreaLayout area="lessons">
      <section className="panel panel-lessons" aria-labelledby={headingId}>
        <h2 id={headingId}>Lessons</h2>
        <p className="help">
          Each lesson loads a prepared setting, starts its run afresh at step 0 (the run you had is kept in Runs) and opens the
          area to watch; train it and watch what the lesson names. Its note stays in the corner while you work.
        </p>
        <ol className="lessons-list">
          {LESSONS.map((lesson) => (
            <li key={lesson.id} className={lesson.id === current?.id ? 'lesson is-current' : 'lesson'}>
              <h3>{lesson.title}</h3>
              <p className="lesson-setting">
                {lessonSetting(lesson)}
                {lesson.kind === 'playground' && ` · opens ${areaLabel(lesson.area)}`}
              </p>
              <Sentences lesson={lesson} />
              {lesson.kind !== 'playground' ? (
                <a className="lesson-open" href={lessonHref(lesson)} aria-label={`Open lesson: ${lesson.title}`}>
                  Open lesson
                </a>
              ) : (
                <button type="button" className="lesson-open" onClick={() => onOpen(lesson)} aria-label={`Open lesson: ${lesson.title}`}>
                  Open lesson
                </button>
              )}
            </li>
          ))}
        </ol>
      </section>
    </AreaLayout>
  );
});

/** The open lesson's note, pinned in the window's corner in every area; focused when a lesson opens. */
export const CurrentLesson = memo(function CurrentLesson({ lesson, onClose }: { lesson: PlaygroundLesson; onClose(): void }) {
  const [folded, setFolded] = useState(false);
  const noteRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setFolded(false);
    noteRef.current?.focus({ preventScroll: true });
  }, [lesson]);
  return (
    <div className="lesson-current" role="note" aria-label="Current lesson" tabIndex={-1} ref={noteRef}>
      <p className="lesson-current-label">Current lesson</p>
      <h3>{lesson.title}</h3>
      {!folded && <Sentences lesson={lesson} />}
      <div className="lesson-current-buttons">
        <button type="button" className="button-quiet" onClick={() => setFolded(!folded)}>
          {folded ? 'Show what to watch' : 'Hide'}
        </button>
        <button type="button" className="button-quiet" onClick={onClose}>
          Close lesson
        </button>
      </div>
    </div>
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

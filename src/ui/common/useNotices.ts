/**
 * The page's notice list. Each notice comes from a source (the link, a control, a file, the backend,
 * a halted run, an error); a new notice replaces the previous one from the same source, so the list
 * stays short and every message is current.
 */
import { useCallback, useRef, useState } from 'react';
import type { Correction } from '../../engine/config';

/**
 * 'halted': the main run diverged and paused; `lane-N`: race lane N (1–3) diverged and stopped alone;
 * 'worker': the training worker died and was restarted (worker/watchdog.ts).
 */
export type NoticeSource = 'link' | 'controls' | 'file' | 'backend' | 'halted' | `lane-${number}` | 'limits' | 'data' | 'error' | 'copy' | 'storage' | 'model-file' | 'device' | 'worker' | 'slow' | 'csv' | 'taught';
export type NoticeTone = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  source: NoticeSource;
  tone: NoticeTone;
  text: string;
  items: string[];
}

export type NoticeInput = Omit<Notice, 'id'>;

export interface Notices {
  notices: Notice[];
  show(notice: NoticeInput): void;
  dismiss(id: number): void;
  /** Removes the notice from this source, if any (its message no longer applies). */
  clear(source: NoticeSource): void;
}

/** A notice listing what validateConfig corrected; its text always contains "corrected". */
export function correctionNotice(source: NoticeSource, where: string, corrections: readonly Correction[]): NoticeInput {
  return {
    source,
    tone: 'warning',
    text: `Some settings ${where} were corrected:`,
    items: corrections.map((c) => c.message),
  };
}

export function useNotices(initial: NoticeInput[] = []): Notices {
  const nextId = useRef(initial.length + 1);
  const [notices, setNotices] = useState<Notice[]>(() => initial.map((n, i) => ({ ...n, id: i + 1 })));

  const show = useCallback((notice: NoticeInput) => {
    const id = nextId.current++;
    setNotices((list) => [...list.filter((n) => n.source !== notice.source), { ...notice, id }]);
  }, []);

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const clear = useCallback(
    (source: NoticeSource) => setNotices((list) => (list.some((n) => n.source === source) ? list.filter((n) => n.source !== source) : list)),
    [],
  );

  return { notices, show, dismiss, clear };
}

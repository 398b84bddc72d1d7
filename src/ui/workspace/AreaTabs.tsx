/**
 * The technique areas as tabs (the WAI-ARIA tabs pattern): one tab stop, arrow keys move between tabs
 * and open them, Home and End go to the first and last. The tab panel is the page's area below.
 */
import { memo, useRef, type KeyboardEvent } from 'react';
import { AREAS, type AreaId } from './areas';

export const AREA_PANEL_ID = 'area-panel';
export const tabId = (area: AreaId) => `tab-${area}`;

interface Props {
  area: AreaId;
  onOpen(area: AreaId): void;
}

export const AreaTabs = memo(function AreaTabs({ area, onOpen }: Props) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = AREAS.findIndex((a) => a.id === area);
    const last = AREAS.length - 1;
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown' ? (at + 1) % AREAS.length
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? (at + last) % AREAS.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : -1;
    if (next < 0) return;
    e.preventDefault();
    onOpen(AREAS[next].id);
    listRef.current?.querySelector<HTMLElement>(`#${tabId(AREAS[next].id)}`)?.focus();
  };

  return (
    <div className="area-tabs" role="tablist" aria-label="Technique areas" ref={listRef} onKeyDown={onKeyDown}>
      {AREAS.map((a) => {
        const selected = a.id === area;
        return (
          <button
            key={a.id}
            type="button"
            role="tab"
            id={tabId(a.id)}
            aria-selected={selected}
            aria-controls={AREA_PANEL_ID}
            tabIndex={selected ? 0 : -1}
            title={`${a.label}: ${a.holds}`}
            className={selected ? 'area-tab is-selected' : 'area-tab'}
            onClick={() => onOpen(a.id)}
          >
            {a.label}
          </button>
        );
      })}
    </div>
  );
});

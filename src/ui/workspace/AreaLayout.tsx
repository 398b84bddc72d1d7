/**
 * One technique area: its controls (a labelled column) beside the panels that show their effect, as the
 * tab panel of the area tabs. An area without controls (Lessons) gives its panels the whole width. The
 * settings' help texts (formulas and conventions from REFERENCE.md) are shown on request, so an area's
 * controls fit beside its panels; hidden, they stay the fields' accessible descriptions.
 */
import { useState, type ReactNode } from 'react';
import type { Correction, RunConfig } from '../../engine/config';
import type { Candidate } from '../common/configFields';
import type { TrainerView } from './trainerView';
import { AREA_PANEL_ID, tabId } from './AreaTabs';
import { areaLabel, type AreaId } from './areas';

/** What a technique area with run settings gets: the controls' config, the run's view, and the door for changes. */
export interface AreaProps {
  config: RunConfig;
  view: TrainerView;
  onCommit(candidate: Candidate, corrections?: Correction[]): void;
}

interface Props {
  area: AreaId;
  controls?: ReactNode;
  children: ReactNode;
}

const HELP_KEY = 'optiplay.showHelp';

/** Whether the settings show their help text under them: one choice for every area, kept in this browser. */
function useShowHelp(): [boolean, (show: boolean) => void] {
  const [show, setShow] = useState(() => {
    try {
      return window.localStorage.getItem(HELP_KEY) === 'yes';
    } catch {
      return false;
    }
  });
  const set = (next: boolean) => {
    setShow(next);
    try {
      window.localStorage.setItem(HELP_KEY, next ? 'yes' : 'no');
    } catch {
      // storage unavailable (private mode): the choice lasts for this page
    }
  };
  return [show, set];
}

export function AreaLayout({ area, controls, children }: Props) {
  const [showHelp, setShowHelp] = useShowHelp();
  const helpId = `${area}-show-help`;
  return (
    <div className={controls ? 'area' : 'area is-wide'} role="tabpanel" id={AREA_PANEL_ID} aria-labelledby={tabId(area)}>
      {controls && (
        <section className={showHelp ? 'area-controls' : 'area-controls is-help-hidden'} aria-label={`${areaLabel(area)} settings`}>
          <div className="inline-field show-help">
            <input id={helpId} type="checkbox" checked={showHelp} onChange={(e) => setShowHelp(e.target.checked)} />
            <label htmlFor={helpId}>Show help under each setting</label>
          </div>
          {controls}
        </section>
      )}
      <div className="area-panels">{children}</div>
    </div>
  );
}

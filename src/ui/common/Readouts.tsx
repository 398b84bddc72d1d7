/**
 * Named values ("Test loss 0.0421"): a description list whose every value carries its name, so a test or
 * a screen reader finds it by role (definition) and name. Not a live region: the run has exactly one of
 * those (workspace/RunAnnouncer), so a screen reader does not read out every loss update.
 */
import type { ReactNode } from 'react';

export function Readouts({ className, children }: { className?: string; children: ReactNode }) {
  return <dl className={className ? `readouts ${className}` : 'readouts'}>{children}</dl>;
}

interface ReadoutProps {
  /** The value's accessible name ("Test loss"); also the visible term unless `term` is given. */
  label: string;
  term?: ReactNode;
  children: ReactNode;
}

export function Readout({ label, term, children }: ReadoutProps) {
  return (
    <div className="readout">
      <dt>{term ?? label}</dt>
      <dd aria-label={label}>{children}</dd>
    </div>
  );
}

/** A labelled on/off setting: the checkbox, its visible label (its accessible name) and optional help. */
import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  checked: boolean;
  help?: ReactNode;
  onChange(checked: boolean): void;
}

export function CheckboxField({ id, label, checked, help, onChange }: Props) {
  return (
    <div className="field field-check">
      <div className="check-row">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={help !== undefined ? `${id}-help` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {help !== undefined && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}

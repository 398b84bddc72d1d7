/**
 * Labelled form fields. Number fields keep a local draft while typing and commit on Enter or blur
 * (Escape cancels); sliders show their value while dragging and commit when released (the native
 * 'change' event), so dragging does not rebuild the run on every pixel.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface FieldShellProps {
  id: string;
  label: string;
  help?: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
}

function FieldShell({ id, label, help, aside, children }: FieldShellProps) {
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {aside}
      </div>
      {children}
      {help !== undefined && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
    </div>
  );
}

interface NumberFieldProps {
  id: string;
  label: string;
  value: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  help?: ReactNode;
  /** The trimmed text the user typed; only called when it is non-empty and differs from `value`. */
  onCommit(raw: string): void;
}

export function NumberField({ id, label, value, min, max, step, help, onCommit }: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const text = draft.trim();
    setDraft(null);
    if (text !== '' && Number(text) !== value) onCommit(text);
  };
  return (
    <FieldShell id={id} label={label} help={help}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={draft ?? String(value)}
        min={min}
        max={max}
        step={step}
        aria-describedby={help !== undefined ? `${id}-help` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            setDraft(null);
          }
        }}
      />
    </FieldShell>
  );
}

interface RangeFieldProps {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  format(value: number): string;
  help?: ReactNode;
  onCommit(value: number): void;
}

export function RangeField({ id, label, value, min, max, step, format, help, onCommit }: RangeFieldProps) {
  const [draft, setDraft] = useState<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const commitRef = useRef({ onCommit, value });
  useEffect(() => {
    commitRef.current = { onCommit, value };
  });

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    const onChange = () => {
      const v = Number(input.value);
      setDraft(null);
      if (Number.isFinite(v) && v !== commitRef.current.value) commitRef.current.onCommit(v);
    };
    input.addEventListener('change', onChange);
    return () => input.removeEventListener('change', onChange);
  }, []);

  const shown = draft ?? value;
  return (
    <FieldShell id={id} label={label} help={help} aside={<span className="field-value" aria-hidden="true">{format(shown)}</span>}>
      <input
        ref={inputRef}
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={shown}
        aria-valuetext={format(shown)}
        aria-describedby={help !== undefined ? `${id}-help` : undefined}
        onChange={(e) => setDraft(Number(e.target.value))}
      />
    </FieldShell>
  );
}

export interface SelectOption<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: readonly SelectOption<T>[];
  help?: ReactNode;
  onChange(value: T): void;
}

export function SelectField<T extends string>({ id, label, value, options, help, onChange }: SelectFieldProps<T>) {
  return (
    <FieldShell id={id} label={label} help={help}>
      <select
        id={id}
        value={value}
        aria-describedby={help !== undefined ? `${id}-help` : undefined}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next) onChange(next.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

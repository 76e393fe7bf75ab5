import { useEffect, useState } from 'react';
import { parseWholeNumber } from './form-words.ts';

export interface NumberFieldProps {
  label: string;
  value: number | null;
  min: number;
  max?: number;
  /** Blank is allowed and means `null` (e.g. "all test examples"). */
  allowBlank?: boolean;
  onValue: (value: number | null) => void;
  /** The field's problem in its own words, or null once it is valid again: the form must not run on the old value meanwhile. */
  onProblem?: (problem: string | null) => void;
  testId?: string;
  widthPx?: number;
  disabled?: boolean;
}

/**
 * A whole-number field that never clamps: what is typed stays on screen, a value out of range is
 * a message under the field in its own words, and only valid values reach the settings.
 */
export function NumberField({ label, value, min, max, allowBlank = false, onValue, onProblem, testId, widthPx = 90, disabled }: NumberFieldProps) {
  const [text, setText] = useState(value === null ? '' : String(value));
  // A value set from elsewhere (a restored run, "copy into the form") replaces the text.
  useEffect(() => {
    setText((current) => (current.trim() === (value === null ? '' : String(value)) ? current : value === null ? '' : String(value)));
  }, [value]);
  const parsed = allowBlank && text.trim() === '' ? { value: null } : parseWholeNumber(text, label, min, max);
  return (
    <label className="field">
      {label}
      <input
        type="text"
        inputMode="numeric"
        value={text}
        disabled={disabled}
        aria-invalid={'error' in parsed}
        onChange={(e) => {
          setText(e.target.value);
          const next = allowBlank && e.target.value.trim() === '' ? { value: null } : parseWholeNumber(e.target.value, label, min, max);
          if ('value' in next) onValue(next.value);
          onProblem?.('error' in next ? next.error : null);
        }}
        data-testid={testId}
        style={{ width: widthPx }}
      />
      {'error' in parsed ? (
        <span className="ps-field-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {parsed.error}
        </span>
      ) : null}
    </label>
  );
}

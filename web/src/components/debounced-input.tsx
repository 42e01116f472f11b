import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

interface DebouncedInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  /** Called once typing pauses, and at once on Enter or when the field is left. */
  onCommit: (value: string) => void;
  delayMs?: number;
}

/**
 * A text field that reports its value after a pause in typing, so a filter does
 * not refetch on every keystroke. It follows `value` when that changes from outside
 * (a cleared filter, the back button), but not when the change is its own echo.
 */
export function DebouncedInput({ value, onCommit, delayMs = 350, onKeyDown, onBlur, ...inputProps }: DebouncedInputProps) {
  const [draft, setDraft] = useState(value);
  const [shownValue, setShownValue] = useState(value);
  const committed = useRef(value);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;

  if (value !== shownValue) {
    setShownValue(value);
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }

  const commit = (next: string) => {
    if (next === committed.current) return;
    committed.current = next;
    commitRef.current(next);
  };

  useEffect(() => {
    if (draft === committed.current) return;
    const timer = window.setTimeout(() => commit(draft), delayMs);
    return () => window.clearTimeout(timer);
  }, [draft, delayMs]);

  return (
    <input
      {...inputProps}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit(draft);
        onKeyDown?.(event);
      }}
      onBlur={(event) => {
        commit(draft);
        onBlur?.(event);
      }}
    />
  );
}

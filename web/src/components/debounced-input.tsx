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
  // The value last reported or received: a `value` equal to it is the echo of a commit.
  const [committed, setCommitted] = useState(value);
  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  }, [onCommit]);

  if (value !== shownValue) {
    setShownValue(value);
    if (value !== committed) {
      setCommitted(value);
      setDraft(value);
    }
  }

  useEffect(() => {
    if (draft === committed) return;
    const timer = window.setTimeout(() => {
      setCommitted(draft);
      commitRef.current(draft);
    }, delayMs);
    return () => window.clearTimeout(timer);
  }, [draft, committed, delayMs]);

  const commit = (next: string) => {
    if (next === committed) return;
    setCommitted(next);
    commitRef.current(next);
  };

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

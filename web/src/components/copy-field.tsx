import { useId, useRef, useState, type ReactNode } from 'react';

/** Copies text to the clipboard; `copied` stays true for two seconds, for the button's label. */
function useCopy(value: string, fallbackSelect: () => void) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // The Clipboard API needs a secure context; select the text so the user can copy it.
      fallbackSelect();
      document.execCommand('copy');
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  }
  return { copied, copy };
}

/** A read-only value with a copy button, for secrets and links shown once; `actions` go after the button. */
export function CopyField({ label, value, actions }: { label: string; value: string; actions?: ReactNode }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const { copied, copy } = useCopy(value, () => inputRef.current?.select());

  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <div className="copy-field">
        <input ref={inputRef} id={inputId} className="mono" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="btn btn-secondary" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        {actions}
      </div>
    </div>
  );
}

/** Several lines of code (a snippet, a command) in a block with a copy button. */
export function CopyBlock({ label, value }: { label: string; value: string }) {
  const codeRef = useRef<HTMLPreElement>(null);
  const labelId = useId();
  const { copied, copy } = useCopy(value, () => {
    const code = codeRef.current;
    if (code) window.getSelection()?.selectAllChildren(code);
  });

  return (
    <div className="field" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="field-label">
        {label}
      </span>
      <div className="code-block">
        {/* Focusable, so a keyboard can scroll a long line. */}
        <pre ref={codeRef} tabIndex={0}>
          <code>{value}</code>
        </pre>
        <button
          type="button"
          className="btn btn-secondary btn-sm code-block-copy"
          onClick={copy}
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

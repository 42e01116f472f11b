import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MentionableMember {
  id: string;
  name: string;
}

interface MentionTextareaProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  members: MentionableMember[];
  placeholder?: string;
}

const MAX_SUGGESTIONS = 6;

/** The "@nam" being typed just before the caret, if any. */
function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() };
}

/**
 * A textarea where typing "@" offers the team's members; picking one writes the
 * mention as @[Name](id), which is how the server knows whom to notify.
 */
export function MentionTextarea({ id, label, value, onChange, members, placeholder }: MentionTextareaProps) {
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [highlighted, setHighlighted] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  // Where the caret goes once the inserted mention is rendered: set in the same commit,
  // before the next keystroke, so typing straight on lands after the mention.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    textareaRef.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });
  const mention = dismissed ? null : mentionQueryAt(value, caret);
  const suggestions = mention
    ? members.filter((member) => member.name.toLowerCase().includes(mention.query)).slice(0, MAX_SUGGESTIONS)
    : [];
  const open = suggestions.length > 0;
  const active = Math.min(highlighted, suggestions.length - 1);

  function insert(member: MentionableMember) {
    if (!mention) return;
    const token = `@[${member.name}](${member.id}) `;
    const next = value.slice(0, mention.start) + token + value.slice(caret);
    const nextCaret = mention.start + token.length;
    pendingCaret.current = nextCaret;
    onChange(next);
    setCaret(nextCaret);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlighted((active + step + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      insert(suggestions[active]!);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDismissed(true);
    }
  }

  return (
    <div className="field mention-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        ref={textareaRef}
        id={id}
        rows={3}
        maxLength={20000}
        placeholder={placeholder}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setHighlighted(0);
          setDismissed(false);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Mention a teammate" className="mention-list" hidden={!open}>
        {suggestions.map((member, index) => (
          <li
            key={member.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'mention-option mention-option-active' : 'mention-option'}
            onMouseDown={(event) => {
              // Keeps the focus (and caret) in the textarea.
              event.preventDefault();
              insert(member);
            }}
          >
            {member.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

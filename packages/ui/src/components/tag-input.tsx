'use client';
/**
 * @module tag-input
 * Editing a list of short tags: chips with a remove button, and an input where Enter, a comma or
 * leaving the field adds what was typed.
 */
import { X } from 'lucide-react';
import { type KeyboardEvent, useState } from 'react';
import { cn } from '../lib/cn.js';

/** Props of {@link TagInput}. */
export interface TagInputProps {
  value: readonly string[];
  onChange: (tags: string[]) => void;
  /** Longest tag (default 50). */
  maxLength?: number;
  placeholder?: string;
  /** Name of a hidden input carrying the tags joined by commas, for forms. */
  name?: string;
  disabled?: boolean;
  id?: string;
  className?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-label'?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  autoFocus?: boolean;
}

/**
 * The tags as removable chips ("Remove tag vip" buttons) followed by the input. Duplicates are
 * ignored; Backspace in the empty input removes the last tag. Put it in a {@link Field}.
 *
 * @example <Field label="Tags"><TagInput value={tags} onChange={setTags} /></Field>
 */
export function TagInput({
  value,
  onChange,
  maxLength = 50,
  placeholder = 'Add a tag…',
  name,
  disabled,
  id,
  className,
  onKeyDown,
  autoFocus,
  ...aria
}: TagInputProps) {
  const [text, setText] = useState('');

  function commit(raw: string) {
    const added = raw
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0 && t.length <= maxLength && !value.includes(t));
    if (added.length > 0) onChange([...value, ...new Set(added)]);
    setText('');
  }

  return (
    <div
      className={cn(
        'flex min-h-10 w-full flex-wrap items-center gap-1.5 rounded-md border border-input bg-background px-2 py-1.5 shadow-xs focus-within:border-ring focus-within:outline-2 focus-within:outline-ring/40 has-[[aria-invalid=true]]:border-destructive',
        disabled && 'opacity-60',
        className,
      )}
    >
      {value.map((tag) => (
        <span
          key={tag}
          className="inline-flex items-center gap-1 rounded-full bg-secondary px-2 py-0.5 text-secondary-foreground text-xs"
        >
          {tag}
          {disabled ? null : (
            <button
              type="button"
              className="-mr-1 rounded-full p-0.5 hover:bg-background/60"
              aria-label={`Remove tag ${tag}`}
              onClick={() => onChange(value.filter((t) => t !== tag))}
            >
              <X aria-hidden="true" className="size-3" />
            </button>
          )}
        </span>
      ))}
      <input
        id={id}
        type="text"
        value={text}
        disabled={disabled}
        maxLength={maxLength * 4}
        placeholder={value.length === 0 ? placeholder : undefined}
        // biome-ignore lint/a11y/noAutofocus: only inline editors opened on purpose ask for it.
        autoFocus={autoFocus}
        autoComplete="off"
        onChange={(event) => {
          const next = event.target.value;
          if (next.includes(',')) commit(next);
          else setText(next);
        }}
        onBlur={() => commit(text)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text.trim()) {
            event.preventDefault();
            commit(text);
            return;
          }
          if (event.key === 'Backspace' && text === '' && value.length > 0) {
            onChange(value.slice(0, -1));
            return;
          }
          onKeyDown?.(event);
        }}
        className="min-w-24 flex-1 bg-transparent py-0.5 text-base outline-none placeholder:text-muted-foreground sm:text-sm"
        {...aria}
      />
      {name ? <input type="hidden" name={name} value={value.join(',')} /> : null}
    </div>
  );
}

'use client';
/**
 * @module combobox
 * A text input with a list of suggestions to pick one value from (ARIA 1.2 combobox with a
 * listbox): a company, a contact, a member. Options come from a static list or are searched as
 * the user types (debounced, earlier searches aborted).
 */
import { Check, LoaderCircle, X } from 'lucide-react';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { cn } from '../lib/cn.js';

/** One choice of a {@link Combobox}. */
export interface ComboboxOption {
  value: string;
  label: string;
  /** Secondary text (an e-mail, a domain). */
  description?: string | undefined;
}

/** Props of {@link Combobox}. */
export interface ComboboxProps {
  /** The selected option, or null. */
  value: ComboboxOption | null;
  onChange: (option: ComboboxOption | null) => void;
  /** A fixed list, filtered as the user types (case and accents ignored)… */
  options?: readonly ComboboxOption[];
  /** …or a search run as the user types (also with an empty query when the list opens). */
  search?: (query: string, signal: AbortSignal) => Promise<ComboboxOption[]>;
  placeholder?: string;
  /** Name of a hidden input carrying the value, for forms. */
  name?: string;
  /** Shown when nothing matches (default "No match"). */
  emptyText?: string;
  /** Offer a clear button (default true). */
  clearable?: boolean;
  disabled?: boolean;
  id?: string;
  className?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-label'?: string;
  /** Keeps focus-related keys from reaching an enclosing form (e.g. inline editors). */
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  autoFocus?: boolean;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The input shows the selected option's label; typing opens the list and filters it. Arrow keys
 * move through the options (`aria-activedescendant`), Enter picks, Escape closes and restores the
 * label. Put it in a {@link Field} for its label.
 *
 * @example
 * <Field label="Company"><Combobox value={company} onChange={setCompany} search={searchCompanies} /></Field>
 */
export function Combobox({
  value,
  onChange,
  options,
  search,
  placeholder,
  name,
  emptyText = 'No match',
  clearable = true,
  disabled,
  id,
  className,
  onKeyDown,
  autoFocus,
  ...aria
}: ComboboxProps) {
  const generated = useId();
  const inputId = id ?? `combobox-${generated}`;
  const listId = `${inputId}-list`;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(value?.label ?? '');
  const [typed, setTyped] = useState(false);
  const [results, setResults] = useState<ComboboxOption[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // Show the selected option's label whenever the selection changes from outside.
  useEffect(() => {
    setText(value?.label ?? '');
    setTyped(false);
  }, [value]);

  const query = typed ? text.trim() : '';
  // A fixed list is compared by content, so a new array with the same options re-renders nothing.
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const optionsKey = (options ?? []).map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
  useEffect(() => {
    if (!open) return;
    if (!search) {
      const q = fold(query);
      setResults(
        (optionsRef.current ?? []).filter((o) => fold(`${o.label} ${o.description ?? ''}`).includes(q)),
      );
      setActive(0);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      search(query, controller.signal)
        .then((found) => {
          setResults(found);
          setActive(0);
        })
        .catch(() => {
          if (!controller.signal.aborted) setResults([]);
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, query, search, optionsKey]);

  function pick(option: ComboboxOption) {
    onChange(option);
    setText(option.label);
    setTyped(false);
    setOpen(false);
  }

  function close() {
    setOpen(false);
    setText(value?.label ?? '');
    setTyped(false);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    onKeyDown?.(event);
    if (event.defaultPrevented) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(i + 1, results.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      if (open && results[active]) {
        event.preventDefault();
        pick(results[active]);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    }
  }

  const activeId = open && results[active] ? `${listId}-${active}` : undefined;
  return (
    <div className={cn('relative', className)}>
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        // biome-ignore lint/a11y/noAutofocus: only inline editors opened on purpose ask for it.
        autoFocus={autoFocus}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setTyped(true);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => close()}
        onKeyDown={handleKeyDown}
        className={cn(
          'h-10 w-full min-w-0 rounded-md border border-input bg-background py-2 pr-16 pl-3 text-base shadow-xs transition-colors placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive sm:text-sm',
        )}
        {...aria}
      />
      {name ? <input type="hidden" name={name} value={value?.value ?? ''} /> : null}
      <div className="absolute inset-y-0 right-1 flex items-center gap-0.5">
        {loading && open ? (
          <LoaderCircle aria-hidden="true" className="size-4 animate-spin text-muted-foreground" />
        ) : null}
        {clearable && value && !disabled ? (
          <button
            type="button"
            className="rounded p-1 text-muted-foreground hover:bg-accent hover:text-foreground"
            aria-label={`Clear ${value.label}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              onChange(null);
              setText('');
              inputRef.current?.focus();
            }}
          >
            <X aria-hidden="true" className="size-3.5" />
          </button>
        ) : null}
      </div>
      <div
        className={cn(
          'absolute top-full right-0 left-0 z-50 mt-1 max-h-64 overflow-y-auto rounded-lg border bg-popover p-1 text-popover-foreground shadow-md',
          open ? null : 'hidden',
        )}
      >
        <div id={listId} role="listbox" aria-label="Suggestions" tabIndex={-1}>
          {results.map((option, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keyboard (aria-activedescendant).
            <div
              key={option.value}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(index)}
              onClick={() => pick(option)}
              className={cn(
                'flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-sm',
                index === active && 'bg-accent text-accent-foreground',
              )}
            >
              <span className="grid min-w-0 flex-1">
                <span className="truncate">{option.label}</span>
                {option.description ? (
                  <span className="truncate text-muted-foreground text-xs">{option.description}</span>
                ) : null}
              </span>
              {value?.value === option.value ? <Check aria-hidden="true" className="size-4" /> : null}
            </div>
          ))}
        </div>
        {results.length === 0 ? (
          <p className="px-2 py-1.5 text-muted-foreground text-sm">{loading ? 'Searching…' : emptyText}</p>
        ) : null}
      </div>
    </div>
  );
}

'use client';
/**
 * @module search-box
 * A search field that keeps its text in the URL (`?q=`), debounced, so the page (a server
 * component) loads the matching rows; other parameters are kept, the page cursor dropped.
 */
import { Input } from '@comptoir/ui';
import { Search } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';

/** Props of {@link SearchBox}. */
export interface SearchBoxProps {
  /** Accessible name and placeholder, e.g. "Search customers". */
  label: string;
  placeholder?: string;
  maxLength?: number;
}

/** A `type="search"` input driving `?q=` (300 ms after the last keystroke). */
export function SearchBox({ label, placeholder, maxLength = 200 }: SearchBoxProps) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const current = searchParams.get('q') ?? '';
  const [text, setText] = useState(current);
  const sent = useRef(current);
  const [, startTransition] = useTransition();

  // The URL changed elsewhere (a tab, the back button): show its search.
  useEffect(() => {
    if (current !== sent.current) {
      sent.current = current;
      setText(current);
    }
  }, [current]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      const next = new URLSearchParams(searchParams.toString());
      next.delete('cursor');
      next.delete('trail');
      if (text.trim()) next.set('q', text.trim());
      else next.delete('q');
      const query = next.toString();
      startTransition(() => router.replace(`${pathname}${query ? `?${query}` : ''}`, { scroll: false }));
    }, 300);
    return () => clearTimeout(timer);
  }, [text, pathname, router, searchParams]);

  return (
    <div className="relative min-w-0 flex-1 basis-56">
      <Search
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder ?? `${label}…`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        className="pl-9"
        maxLength={maxLength}
      />
    </div>
  );
}

'use client';
/**
 * @module theme-provider
 * Light, dark or system theme (next-themes): the choice is kept in localStorage and applied as
 * the `dark` class on `<html>` before the page paints, so there is no flash of the wrong theme.
 */
import { ThemeProvider as NextThemesProvider } from 'next-themes';
import type { ReactNode } from 'react';

/** Props of {@link ThemeProvider}. */
export interface ThemeProviderProps {
  children: ReactNode;
}

/**
 * Wrap the `<body>` content of the root layout with it, and give `<html>` the
 * `suppressHydrationWarning` attribute (the class is set before React hydrates).
 *
 * @example
 * <html lang="en" suppressHydrationWarning>
 *   <body><ThemeProvider>{children}</ThemeProvider></body>
 * </html>
 */
export function ThemeProvider({ children }: ThemeProviderProps) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      {children}
    </NextThemesProvider>
  );
}

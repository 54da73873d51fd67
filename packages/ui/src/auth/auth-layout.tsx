/**
 * @module auth/auth-layout
 * The frame of the signed-out pages (sign-in, sign-up, password reset, invitations).
 */
import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../components/card.js';
import { ThemeToggle } from '../theme/theme-toggle.js';

/** Props of {@link AuthLayout}. */
export interface AuthLayoutProps {
  /** The page heading (`h1`). */
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Under the card: links to the other auth pages. */
  footer?: ReactNode;
}

/** A centred card with the Comptoir mark, an `h1`, the content, and a theme toggle in the corner. */
export function AuthLayout({ title, description, children, footer }: AuthLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <div className="flex items-center justify-between p-4">
        <span className="flex items-center gap-2 font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="flex size-7 items-center justify-center rounded-md bg-primary font-bold text-primary-foreground text-sm"
          >
            C
          </span>
          Comptoir
        </span>
        <ThemeToggle />
      </div>
      <main
        id="main"
        className="flex flex-1 items-start justify-center px-4 pt-4 pb-16 sm:items-center sm:pt-0"
      >
        <div className="grid w-full max-w-md gap-4">
          <Card>
            <CardHeader>
              <CardTitle as="h1" className="text-2xl">
                {title}
              </CardTitle>
              {description ? <CardDescription>{description}</CardDescription> : null}
            </CardHeader>
            <CardContent>{children}</CardContent>
          </Card>
          {footer ? <div className="text-center text-muted-foreground text-sm">{footer}</div> : null}
        </div>
      </main>
    </div>
  );
}

/**
 * Page shown for unknown addresses.
 */
import { Button } from '@comptoir/ui';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main id="main" className="mx-auto grid max-w-lg gap-4 px-4 py-16">
      <h1 className="font-semibold text-2xl">Page not found</h1>
      <p className="text-muted-foreground">There is nothing at this address. It may have moved.</p>
      <div>
        <Button asChild>
          <a href="/">Go to the start page</a>
        </Button>
      </div>
    </main>
  );
}

'use client';
/**
 * Error boundary of every page: what went wrong in plain words, and a way to try again.
 */
import { Alert, Button } from '@comptoir/ui';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto grid max-w-lg gap-4 px-4 py-16">
      <h1 className="font-semibold text-2xl">Something went wrong</h1>
      <Alert variant="error">
        This page could not be loaded. A service may be restarting; try again in a moment.
      </Alert>
      <div className="flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <Button variant="outline" asChild>
          <a href="/">Go to the start page</a>
        </Button>
      </div>
    </main>
  );
}

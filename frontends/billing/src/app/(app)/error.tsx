'use client';
/**
 * Error boundary of the signed-in pages: the shell stays, the page says what went wrong in plain
 * words and offers to try again.
 */
import { Alert, Button } from '@comptoir/ui';

export default function AppError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto grid max-w-lg gap-4 py-8">
      <h1 className="font-semibold text-2xl">This page could not be shown</h1>
      <Alert variant="error">
        Something went wrong while loading it. A service may be restarting; try again in a moment.
      </Alert>
      <div className="flex gap-2">
        <Button onClick={reset}>Try again</Button>
        <Button variant="outline" asChild>
          <a href="/invoices">Go to the invoices</a>
        </Button>
      </div>
    </div>
  );
}

"use client";

import "./globals.css";

/** When the root layout itself fails: a whole document, as plain as possible, so it cannot fail in turn. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <main role="alert" className="mx-auto max-w-lg space-y-4 px-4 py-16 text-center">
          <h1 className="text-2xl font-bold tracking-tight">Rolegate could not load this page</h1>
          <p className="text-sm text-slate-700">It is usually brief: try again in a moment.</p>
          {error.digest ? (
            <p className="text-xs text-slate-600">
              If it keeps happening, give your administrator this reference: <code className="font-mono">{error.digest}</code>
            </p>
          ) : null}
          <button type="button" onClick={reset} className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}

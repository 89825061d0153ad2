"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * A page that failed on the server (the database away, for example). The browser gets no error text
 * in production, only the digest that finds the full error in the server's log.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const retry = () =>
    startTransition(() => {
      // Fetch the page's server components again, then leave the error state.
      router.refresh();
      reset();
    });
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-4 py-12 text-center">
      <h1 className="text-2xl font-bold tracking-tight">This page could not be loaded</h1>
      <p className="text-sm text-slate-700">Something failed on our side. It is usually brief: try again in a moment.</p>
      {error.digest ? (
        <p className="text-xs text-slate-600">
          If it keeps happening, give your administrator this reference: <code className="font-mono">{error.digest}</code>
        </p>
      ) : null}
      <Button type="button" onClick={retry}>
        Try again
      </Button>
    </div>
  );
}

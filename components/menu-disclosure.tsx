"use client";

import type { MouseEvent, ReactNode } from "react";

/** A disclosure menu (`<details>`, so it opens without JavaScript) that closes when one of its links is followed. */
export function MenuDisclosure({ className, children }: { className?: string; children: ReactNode }) {
  function onClick(event: MouseEvent<HTMLDetailsElement>) {
    if (event.target instanceof Element && event.target.closest("a")) event.currentTarget.open = false;
  }
  return (
    <details className={className} onClick={onClick}>
      {children}
    </details>
  );
}

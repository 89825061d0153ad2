import type { ReactNode } from "react";

/** One numbered step of the onboarding wizard. */
export function Step({ number, title, id, children }: { number: number; title: string; id: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="space-y-3 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        <span className="mr-2 inline-flex h-6 w-6 items-center justify-center rounded-full bg-indigo-600 text-sm text-white" aria-hidden>
          {number}
        </span>
        {title}
      </h2>
      {children}
    </section>
  );
}

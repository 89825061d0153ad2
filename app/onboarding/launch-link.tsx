"use client";

import { recordLaunch } from "./launch-record";

/** "Launch stack": opens the quick-create page in a new tab and notes the launch for this page. */
export function LaunchLink({ href }: { href: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      onClick={() => recordLaunch()}
      className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
    >
      Launch stack
    </a>
  );
}

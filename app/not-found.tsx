import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** Any address that does not exist, or names something the viewer may not see (the same answer for both). */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-12 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="text-2xl font-bold tracking-tight">Page not found</h1>
      <p className="text-sm text-slate-700">The address may be mistyped, or what it pointed to was removed or is not yours to see.</p>
      <p>
        <Link href="/" className="text-sm font-semibold text-indigo-700 underline">
          Go to your start page
        </Link>
      </p>
    </div>
  );
}

"use client";

import { signOut } from "next-auth/react";

/** Ends the session and returns to sign-in. */
export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/sign-in" })}
      className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
    >
      Sign out
    </button>
  );
}

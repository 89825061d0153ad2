import Link from "next/link";
import type { ConnectionView } from "@/lib/dal/connections";
import { FocusOnMount } from "./focus-on-mount";

/** Step 5: a screen of its own that says what is connected and what comes next. */
export function ConnectedStep({ connection }: { connection: ConnectionView }) {
  return (
    <FocusOnMount className="mx-auto max-w-xl space-y-4 rounded-lg bg-white p-8 text-center shadow-sm ring-1 ring-slate-200 outline-none">
      <p className="text-sm font-medium text-emerald-700">Connected</p>
      <h1 className="text-2xl font-bold tracking-tight">AWS account {connection.accountId} is connected</h1>
      <p className="break-all font-mono text-sm text-slate-700">{connection.roleArn}</p>
      <p className="text-sm text-slate-600">
        We can now assume this role, only with your External ID, and it grants the access we need. You can re-check it or remove it at any time under Accounts.
      </p>
      <div className="flex justify-center gap-3">
        <Link href="/accounts" className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
          View accounts
        </Link>
        <Link href="/onboarding#launch" className="rounded-md px-3.5 py-2 text-sm font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50">
          Connect another account
        </Link>
      </div>
    </FocusOnMount>
  );
}

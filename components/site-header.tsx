import Link from "next/link";
import { getConfig } from "@/lib/config";
import { getViewer } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

/** The top bar: brand, the sandbox banner, and the viewer's navigation. Shows; does not authorise. */
export async function SiteHeader() {
  const viewer = await getViewer();
  const sandbox = getConfig().aws.mode === "sandbox";
  return (
    <header className="border-b border-slate-200 bg-white">
      {sandbox ? (
        <p className="bg-amber-100 px-4 py-1.5 text-center text-xs font-medium text-amber-900">
          Sandbox: AWS is simulated on this machine. No real AWS account is contacted.
        </p>
      ) : null}
      <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
          Rolegate
        </Link>
        {viewer ? (
          <nav aria-label="Main" className="flex flex-wrap items-center justify-end gap-x-4 gap-y-1 text-sm">
            {viewer.role === "admin" ? (
              <>
                <Link href="/admin" className="text-slate-700 hover:text-slate-900">Dashboard</Link>
                <Link href="/admin/connections" className="text-slate-700 hover:text-slate-900">Connections</Link>
                <Link href="/admin/organizations" className="text-slate-700 hover:text-slate-900">Organisations</Link>
                <Link href="/admin/api-keys" className="text-slate-700 hover:text-slate-900">API keys</Link>
                <Link href="/admin/webhooks" className="text-slate-700 hover:text-slate-900">Webhooks</Link>
                <Link href="/admin/mail" className="text-slate-700 hover:text-slate-900">Mail</Link>
              </>
            ) : (
              <>
                <Link href="/onboarding" className="text-slate-700 hover:text-slate-900">Connect an account</Link>
                <Link href="/accounts" className="text-slate-700 hover:text-slate-900">Accounts</Link>
              </>
            )}
            <Link href="/account/notifications" className="hidden text-slate-500 hover:text-slate-900 sm:inline" title={`${viewer.email}: e-mail notifications`}><bdi>{viewer.name}</bdi></Link>
            <SignOutButton />
          </nav>
        ) : null}
      </div>
    </header>
  );
}

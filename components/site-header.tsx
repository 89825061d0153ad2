import Link from "next/link";
import { getConfig } from "@/lib/config";
import { getViewer } from "@/lib/auth/session";
import type { UserViewer } from "@/lib/dal/viewer";
import { MenuDisclosure } from "./menu-disclosure";
import { SignOutButton } from "./sign-out-button";

/** The links of the viewer's navigation, by role. */
function linksFor(viewer: UserViewer): { href: string; label: string }[] {
  return viewer.role === "admin"
    ? [
        { href: "/admin", label: "Dashboard" },
        { href: "/admin/connections", label: "Connections" },
        { href: "/admin/organizations", label: "Organisations" },
        { href: "/admin/jobs", label: "Jobs" },
        { href: "/admin/api-keys", label: "API keys" },
        { href: "/admin/webhooks", label: "Webhooks" },
        { href: "/admin/mail", label: "Mail" },
      ]
    : [
        { href: "/onboarding", label: "Connect an account" },
        { href: "/accounts", label: "Accounts" },
      ];
}

/**
 * The top bar: brand, the sandbox banner, and the viewer's navigation. Shows; does not authorise.
 * On a wide screen the links sit in a row; on a phone they fold into a menu (a disclosure, so it
 * opens without JavaScript too).
 */
export async function SiteHeader() {
  const viewer = await getViewer();
  const sandbox = getConfig().aws.mode === "sandbox";
  const links = viewer ? linksFor(viewer) : [];
  // An admin's seven links need a laptop's width; a customer's two fit from a small tablet up.
  const [row, menu] = viewer?.role === "admin" ? ["hidden lg:flex", "lg:hidden"] : ["hidden sm:flex", "sm:hidden"];
  return (
    <header className="border-b border-slate-200 bg-white">
      {sandbox ? (
        <p className="bg-amber-100 px-4 py-1.5 text-center text-xs font-medium text-amber-900">
          Sandbox: AWS is simulated on this machine. No real AWS account is contacted.
        </p>
      ) : null}
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="shrink-0 text-lg font-bold tracking-tight text-slate-900">
          Rolegate
        </Link>
        {viewer ? (
          <nav aria-label="Main" className="text-sm">
            <div className={`items-center gap-x-4 ${row}`}>
              {links.map((l) => (
                <Link key={l.href} href={l.href} className="whitespace-nowrap text-slate-700 hover:text-slate-900">{l.label}</Link>
              ))}
              <Link href="/account/security" className="whitespace-nowrap text-slate-500 hover:text-slate-900">Security</Link>
              <Link href="/account/notifications" className="max-w-40 truncate text-slate-500 hover:text-slate-900" title={`${viewer.email}: e-mail notifications`}><bdi>{viewer.name}</bdi></Link>
              <SignOutButton />
            </div>
            <MenuDisclosure className={`group relative ${menu}`}>
              <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2.5 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
                Menu
                <span aria-hidden="true" className="text-xs transition-transform group-open:rotate-180">▾</span>
              </summary>
              <div className="absolute right-0 z-20 mt-2 w-64 space-y-1 rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200">
                {links.map((l) => (
                  <Link key={l.href} href={l.href} className="block rounded-md px-3 py-2 text-slate-800 hover:bg-slate-100">{l.label}</Link>
                ))}
                <div className="mt-1 border-t border-slate-100 pt-2">
                  <Link href="/account/notifications" className="block truncate rounded-md px-3 py-2 text-slate-600 hover:bg-slate-100" title={viewer.email}>
                    <bdi>{viewer.name}</bdi>: notifications
                  </Link>
                  <Link href="/account/security" className="block rounded-md px-3 py-2 text-slate-600 hover:bg-slate-100">
                    Security: two-factor authentication
                  </Link>
                  <div className="px-3 py-2">
                    <SignOutButton />
                  </div>
                </div>
              </div>
            </MenuDisclosure>
          </nav>
        ) : null}
      </div>
    </header>
  );
}

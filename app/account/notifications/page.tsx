import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { getMailPreferences } from "@/lib/dal/mail-preferences";
import { MailPreferencesForm } from "./mail-preferences-form";

export const metadata: Metadata = { title: "E-mail notifications" };

const MEMBER_CHOICES = [
  { name: "statusChanges", label: "Connection status changes", hint: "When one of your organisation's connections fails, becomes insecure, works again or is removed." },
  { name: "rotationNotices", label: "External ID rotations", hint: "When a new External ID is issued and your role stacks need an update." },
] as const;

const ADMIN_CHOICES = [
  { name: "digest", label: "Daily digest", hint: "Once a day, when any connection is failed or insecure, with links to them." },
  { name: "statusChanges", label: "Every connection status change", hint: "Each time a connection of any organisation fails, becomes insecure, works again or is removed." },
] as const;

export default async function NotificationsPage() {
  const viewer = await requireViewer();
  const preferences = await getMailPreferences(viewer);
  const admin = viewer.role === "admin";
  return (
    <div className="mx-auto max-w-md space-y-6 pt-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">E-mail notifications</h1>
        <p className="text-sm text-slate-600">
          Sent to <bdi>{viewer.email}</bdi>. {admin ? "Security alerts about Rolegate's own AWS credentials" : "Invites"} always go out; these you can choose.
        </p>
      </div>
      <MailPreferencesForm preferences={preferences} choices={[...(admin ? ADMIN_CHOICES : MEMBER_CHOICES)]} />
    </div>
  );
}

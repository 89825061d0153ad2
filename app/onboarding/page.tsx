import type { Metadata } from "next";
import { CopyField } from "@/components/ui/copy-button";
import { getOwnOrganization } from "@/lib/dal/organizations";
import { requireMember } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Connect an AWS account" };

export default async function OnboardingPage() {
  const viewer = await requireMember();
  const organization = await getOwnOrganization(viewer);
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm font-medium text-indigo-700">{organization.name}</p>
        <h1 className="text-2xl font-bold tracking-tight">Connect an AWS account</h1>
      </div>
      <section aria-labelledby="step-external-id" className="space-y-3 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h2 id="step-external-id" className="text-lg font-semibold">1. Your External ID</h2>
        <p className="text-sm text-slate-600">
          The role you create will only let us in when we present this ID, so no other customer of ours can trick us into
          using your role (the “confused deputy” problem). It is not a secret, but it is yours alone.
        </p>
        <CopyField id="external-id" label="External ID" value={organization.externalId} />
      </section>
    </div>
  );
}

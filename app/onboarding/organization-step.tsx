import { DeploymentList } from "@/components/deployment-summary";
import type { DeploymentSummary } from "@/lib/dal/deployments";
import type { OrganizationLaunchOptions } from "@/lib/runtime/launch";
import { TARGETS_PLACEHOLDER } from "@/lib/aws/organization-snippets";
import { Snippet } from "./launch-step";

/** The "All accounts in my AWS Organization" path: one StackSet from the management account, and what it has connected. */
export function OrganizationStep({ launch, sandbox, deployments }: { launch: OrganizationLaunchOptions | undefined; sandbox: boolean; deployments: DeploymentSummary[] }) {
  return (
    <section id="organization" aria-labelledby="organization-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 text-sm">
      <h2 id="organization-title" className="text-lg font-semibold">All accounts in my AWS Organization</h2>
      <p className="text-slate-600">
        One stack in your organisation&apos;s management account (or a delegated administrator) creates a CloudFormation StackSet with
        service-managed permissions: every account in the root or OUs you choose gets the role, and each account connects itself. Accounts
        added to those OUs later are connected automatically; accounts that leave them are disconnected.
      </p>
      {launch ? (
        <>
          <p>
            <a
              href={launch.quickCreateUrl}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
            >
              Launch for all accounts
            </a>
          </p>
          <p className="text-slate-600">
            {sandbox ? "Opens the sandbox's CloudFormation page (simulated AWS). " : "Opens the AWS CloudFormation console in a new tab. "}
            Sign in to the management account first, then enter your root id (<code>r-…</code>, every account) or OU ids (<code>ou-…</code>,
            comma-separated).
          </p>
          <p role="note" className="rounded-md bg-amber-50 p-3 text-amber-900">
            The management account itself is not covered: service-managed StackSets never deploy to it. To connect it too, launch the{" "}
            <a href="#launch" className="font-medium underline">single-account stack</a> in it.
          </p>
          <details className="rounded-md bg-slate-50 p-3">
            <summary className="cursor-pointer font-medium">Review the organisation template, or create it another way</summary>
            <div className="mt-3 space-y-4">
              <p>
                Download the organisation template:{" "}
                <a href={launch.downloads.yaml} download className="font-medium text-indigo-700 underline">YAML</a>
                {" · "}
                <a href={launch.downloads.json} download className="font-medium text-indigo-700 underline">JSON</a>
              </p>
              <p className="text-slate-600">
                Run these with the management account&apos;s credentials, with <code>{TARGETS_PLACEHOLDER}</code> replaced by your root or OU ids.
              </p>
              <Snippet title="Organisation stack with the AWS CLI" value={launch.createStackCommand} />
              <Snippet title="Organisation stack with Terraform" value={launch.terraform} />
            </div>
          </details>
        </>
      ) : (
        <p className="text-slate-600">
          This path needs accounts to connect themselves, which is not available in this region right now. Choose another region above, or
          connect accounts one by one.
        </p>
      )}
      <DeploymentList deployments={deployments} />
    </section>
  );
}

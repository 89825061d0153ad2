import type { LaunchOptions } from "@/lib/runtime/launch";
import { CopyButton } from "@/components/ui/copy-button";
import { LaunchLink } from "./launch-link";
import { RegionPicker } from "./region-picker";
import { StackFollower } from "./stack-follower";

/** The quick-create link for the chosen region, and the ways to create the role without it. */
export function LaunchStep({ launch }: { launch: LaunchOptions }) {
  return (
    <div className="space-y-4 text-sm">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <RegionPicker regions={launch.regions} region={launch.region} />
        <LaunchLink href={launch.quickCreateUrl} />
      </div>
      <p className="text-slate-600">
        {launch.sandbox ? "Opens the sandbox's CloudFormation page (simulated AWS). " : "Opens the AWS CloudFormation console in a new tab. "}
        The role grants {launch.permissionSetTitle}.{" "}
        {launch.autoRegister ? (
          <>Create the stack: it connects the account by itself, and this page follows it.</>
        ) : (
          <>
            {launch.autoRegisterElsewhere ? (
              <>
                In {launch.region} the stack cannot connect the account by itself yet, so one paste is needed.{" "}
              </>
            ) : null}
            Create the stack, wait for <strong>CREATE_COMPLETE</strong>, open <strong>Outputs</strong> and copy <strong>RoleArn</strong>.
          </>
        )}
      </p>
      {launch.autoRegister ? <StackFollower /> : null}
      <details className="rounded-md bg-slate-50 p-3">
        <summary className="cursor-pointer font-medium">Review the template, or create the role another way</summary>
        <div className="mt-3 space-y-4">
          <p>
            Download the template:{" "}
            <a href={launch.downloads.yaml} download className="font-medium text-indigo-700 underline">YAML</a>
            {" · "}
            <a href={launch.downloads.json} download className="font-medium text-indigo-700 underline">JSON</a>
          </p>
          <Snippet title="AWS CLI" value={launch.createStackCommand} />
          <Snippet title="Terraform" value={launch.terraform} />
          <Snippet title="Trust policy (for a role made by hand)" value={launch.trustPolicy} />
          <div>
            <p className="font-medium">Access policy</p>
            <ul className="ml-5 list-disc font-mono text-xs break-all">
              {launch.managedPolicyArns.map((arn) => (
                <li key={arn}>{arn}</li>
              ))}
            </ul>
            {launch.inlinePolicy ? <Snippet title="Inline policy" value={launch.inlinePolicy} /> : null}
          </div>
        </div>
      </details>
    </div>
  );
}

/** A snippet to copy, in a focusable box. */
export function Snippet({ title, value }: { title: string; value: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between">
        <p className="font-medium">{title}</p>
        <CopyButton value={value} label={`Copy ${title.split(" (")[0]}`} />
      </div>
      {/* Focusable, so that a keyboard can scroll a snippet wider or taller than its box. */}
      <pre tabIndex={0} role="region" aria-label={title} className="max-h-64 relative overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">{value}</pre>
    </div>
  );
}

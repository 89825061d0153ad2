import { isRegionOf } from "@/lib/aws/partitions";
import { stackConsoleUrl, updateStackCommand } from "@/lib/aws/stack-update";
import { getConfig } from "@/lib/config";
import { STACK_NAME } from "@/lib/runtime/template";
import { StackUpdateConfirm } from "./stack-update-confirm";
import { CopyButton } from "./ui/copy-button";

/**
 * Shown to a customer for a connection whose stack still has a previous External ID: how to update
 * the stack (console or CLI) and the button that switches the connection once the update works.
 */
export function StackUpdateNotice({ connectionId, accountId, externalId, region }: { connectionId: string; accountId: string; externalId: string; region?: string }) {
  const { aws, sandbox } = getConfig();
  // The region comes from the URL on /onboarding: only one of the partition's regions is used.
  const stackRegion = isRegionOf(aws.partition, region) ? region : aws.region;
  const consoleUrl = stackConsoleUrl({
    partition: aws.partition,
    region: stackRegion,
    stackName: STACK_NAME,
    externalId,
    ...(aws.mode === "sandbox" ? { consoleBaseUrl: sandbox.url } : {}),
  });
  const command = updateStackCommand({ region: stackRegion, stackName: STACK_NAME, externalId });
  return (
    <StackUpdateConfirm connectionId={connectionId} accountId={accountId}>
      <p className="font-semibold">Update this account&apos;s role stack to your new External ID</p>
      <p>
        Your organisation was given a new External ID. Account {accountId} keeps working with the previous one until you update
        its CloudFormation stack; then confirm below and Rolegate switches over.
      </p>
      <ol className="ml-5 list-decimal space-y-2">
        <li>
          Open the <a href={consoleUrl} target="_blank" rel="noopener noreferrer" className="font-medium underline">{STACK_NAME} stack in the CloudFormation console</a>{" "}
          ({stackRegion}; switch to the region you created it in if that differs), choose <strong>Update</strong>, keep the current
          template, set <strong>ExternalId</strong> to the value below, leave the other parameters as they are, acknowledge the IAM
          capability and submit.
          <span className="mt-1 flex items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-amber-200">{externalId}</code>
            <CopyButton value={externalId} label="Copy new External ID" />
          </span>
        </li>
        <li>
          Or with the AWS CLI:
          <span className="mt-1 flex items-start gap-2">
            <pre tabIndex={0} className="max-w-full flex-1 relative overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{command}</pre>
            <CopyButton value={command} label="Copy command" />
          </span>
        </li>
        <li>When the stack shows <strong>UPDATE_COMPLETE</strong>, confirm it:</li>
      </ol>
      {aws.mode === "sandbox" ? <p className="text-xs">Sandbox: stack updates are not simulated; recreate the role with the new External ID instead.</p> : null}
    </StackUpdateConfirm>
  );
}

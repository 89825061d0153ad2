import type { Metadata } from "next";
import { getConfig } from "@/lib/config";
import { listApiKeys } from "@/lib/dal/api-keys";
import { requireAdmin } from "@/lib/auth/session";
import { ApiKeyTable } from "./api-key-table";
import { CreateApiKeyForm } from "./create-api-key-form";
import { HowToUse } from "./how-to-use";
import { identityCheckOf } from "@/lib/auth/confirm-identity";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const viewer = await requireAdmin();
  const keys = await listApiKeys(viewer);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keys let your own software use the partner API. A key acts for the partner across every customer: a read key can call
          the GET operations only; a write key can also create organisations, invites and connections, verify, disconnect and
          manage webhooks.
        </p>
      </div>
      <CreateApiKeyForm check={await identityCheckOf(viewer)} />
      <section aria-labelledby="keys-title" className="space-y-3">
        <h2 id="keys-title" className="text-lg font-semibold">Keys</h2>
        {keys.length === 0 ? <p className="text-sm text-slate-600">No API key yet. Create one above.</p> : <ApiKeyTable keys={keys} />}
      </section>
      <HowToUse apiUrl={`${getConfig().appUrl}/api/v1`} />
    </div>
  );
}

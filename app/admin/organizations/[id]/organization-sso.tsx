"use client";

import { useActionState, useState } from "react";
import { ConfirmIdentityFields } from "@/components/confirm-identity-fields";
import { CopyField } from "@/components/ui/copy-button";
import { FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { removeOrganizationSsoAction, saveOrganizationSsoAction, setOrganizationSsoEnabledAction } from "@/lib/actions/admin/organization-sso";
import type { IdentityCheck } from "@/lib/auth/identity-check";

/** What the page knows of the organisation's single sign-on: never its client secret. */
export type OrganizationSsoSummary = { displayName: string; issuer: string; clientId: string; domains: string[]; trustEmailForLinking: boolean; enabled: boolean };

/** The organisation page's "Single sign-on": its settings, and setting up, editing, turning off and removing it. */
export function OrganizationSso({ organizationId, sso, redirectUri, check }: { organizationId: string; sso: OrganizationSsoSummary | null; redirectUri: string; check: IdentityCheck }) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="space-y-4">
      <CopyField id="sso-redirect-uri" label="Redirect URI" value={redirectUri} />
      <p className="text-xs text-slate-500">Register it at the customer&apos;s provider, for a web client with the authorization code flow.</p>
      {sso ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Status</dt>
          <dd>{sso.enabled ? "On" : "Off"}</dd>
          <dt className="text-slate-500">Name</dt>
          <dd><bdi>{sso.displayName}</bdi></dd>
          <dt className="text-slate-500">Issuer</dt>
          <dd className="break-all">{sso.issuer}</dd>
          <dt className="text-slate-500">Client ID</dt>
          <dd className="break-all"><bdi>{sso.clientId}</bdi></dd>
          <dt className="text-slate-500">E-mail domains</dt>
          <dd className="break-all">{sso.domains.join(", ")}</dd>
          <dt className="text-slate-500">Existing accounts</dt>
          <dd>{sso.trustEmailForLinking ? "linked on a verified e-mail of these domains" : "linked only by their owners"}</dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">Not set up: this organisation&apos;s people sign in with invites and passwords.</p>
      )}
      {editing ? (
        <SaveForm organizationId={organizationId} sso={sso} check={check} onCancel={() => setEditing(false)} />
      ) : (
        <Button type="button" variant="secondary" onClick={() => setEditing(true)}>{sso ? "Edit single sign-on" : "Set up single sign-on"}</Button>
      )}
      {sso ? <DangerForms organizationId={organizationId} enabled={sso.enabled} check={check} /> : null}
    </div>
  );
}

function SaveForm({ organizationId, sso, check, onCancel }: { organizationId: string; sso: OrganizationSsoSummary | null; check: IdentityCheck; onCancel: () => void }) {
  const [state, action, pending] = useActionState(saveOrganizationSsoAction, {});
  const errors = state.fieldErrors ?? {};
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  return (
    <form action={action} className="space-y-3" aria-label={sso ? "Edit single sign-on" : "Set up single sign-on"} noValidate>
      <input type="hidden" name="organizationId" value={organizationId} />
      <FormMessage state={state} />
      <Field label="Name on the sign-in button" name="displayName" required maxLength={60} defaultValue={value("displayName", sso?.displayName ?? "")} errors={errors.displayName} hint="Such as Acme Okta." />
      <Field label="Issuer URL" name="issuer" required maxLength={2048} defaultValue={value("issuer", sso?.issuer ?? "")} errors={errors.issuer} hint="https://…; its /.well-known/openid-configuration is read to check it." />
      <Field label="Client ID" name="clientId" required maxLength={512} defaultValue={value("clientId", sso?.clientId ?? "")} errors={errors.clientId} />
      <Field
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="off"
        required={!sso}
        maxLength={2048}
        errors={errors.clientSecret}
        hint={sso ? "Leave empty to keep the stored secret. It is stored encrypted and never shown again." : "Stored encrypted and never shown again."}
      />
      <Field
        label="E-mail domains"
        name="domains"
        required
        defaultValue={value("domains", sso?.domains.join(", ") ?? "")}
        errors={errors.domains}
        hint="Comma-separated, such as customer.example. People with a verified e-mail of these domains become members when they first sign in."
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="trustEmailForLinking" defaultChecked={state.values ? state.values.trustEmailForLinking === "on" : (sso?.trustEmailForLinking ?? false)} className="mt-1" />
        <span>Link an existing member&apos;s password account when the provider verifies its e-mail (otherwise each member links it from Security)</span>
      </label>
      <ConfirmIdentityFields check={check} errors={errors} />
      <div className="flex gap-2">
        <Button type="submit" pending={pending} pendingLabel="Checking the provider…">Save single sign-on</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function DangerForms({ organizationId, enabled, check }: { organizationId: string; enabled: boolean; check: IdentityCheck }) {
  const [confirming, setConfirming] = useState<"toggle" | "remove" | null>(null);
  const [toggleState, toggle, toggling] = useActionState(setOrganizationSsoEnabledAction, {});
  const [removeState, remove, removing] = useActionState(removeOrganizationSsoAction, {});
  if (confirming === null) {
    return (
      <div className="space-y-2">
        <FormMessage state={toggleState.ok ? toggleState : removeState} />
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" onClick={() => setConfirming("toggle")}>{enabled ? "Turn off single sign-on" : "Turn on single sign-on"}</Button>
          <Button type="button" variant="secondary" onClick={() => setConfirming("remove")}>Remove single sign-on</Button>
        </div>
      </div>
    );
  }
  const removing_ = confirming === "remove";
  const state = removing_ ? removeState : toggleState;
  return (
    <form action={removing_ ? remove : toggle} className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-950" aria-label={removing_ ? "Confirm removing single sign-on" : "Confirm turning single sign-on " + (enabled ? "off" : "on")}>
      <input type="hidden" name="organizationId" value={organizationId} />
      {removing_ ? null : <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />}
      <p>
        {removing_
          ? "Remove this organisation's single sign-on? Its settings and domains are deleted; members without a password can no longer sign in."
          : enabled
            ? "Turn single sign-on off? Members without a password cannot sign in until it is on again."
            : "Turn single sign-on on again?"}
      </p>
      <ConfirmIdentityFields check={check} errors={state.fieldErrors ?? {}} />
      <FormMessage state={state} />
      <div className="flex gap-2">
        <Button type="submit" pending={removing || toggling} pendingLabel="Saving…">{removing_ ? "Yes, remove it" : enabled ? "Yes, turn it off" : "Yes, turn it on"}</Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>Cancel</Button>
      </div>
    </form>
  );
}

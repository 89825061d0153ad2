import type { Metadata } from "next";
import QRCode from "qrcode";
import { Alert } from "@/components/ui/alert";
import { counted } from "@/lib/numbers";
import { pendingAccountStep } from "@/lib/auth/pending-step";
import { requireViewer } from "@/lib/auth/session";
import { mfaStatus, pendingMfaEnrolment } from "@/lib/dal/mfa";
import { Timestamp } from "@/components/timestamp";
import { EnrolmentConfirmForm, MfaOnForms, StartEnrolmentForm } from "./mfa-forms";
import { SsoLinkForm } from "./sso-link-form";
import { identityCheckOf, ssoProviderOf } from "@/lib/auth/confirm-identity";
import { ssoIdentitiesOf } from "@/lib/dal/sso";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function SecurityPage() {
  const viewer = await requireViewer({ allowMfaEnrolment: true });
  const required = pendingAccountStep(viewer) === "mfa";
  const status = await mfaStatus(viewer);
  const pending = status.enabled ? null : await pendingMfaEnrolment(viewer);
  // The SVG is made on the server from the setup link alone; it carries no script.
  const qr = pending ? await QRCode.toString(pending.uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) : "";
  // The partner's single sign-on for admins, where it is configured; the organisation's for members.
  const sso = await ssoProviderOf(viewer);
  const identities = sso ? await ssoIdentitiesOf(viewer) : [];
  // Enrolment confirms with the password: an account signed in by single sign-on without one has its provider's second factor.
  const providerOwnsSecondFactor = !status.enabled && !status.hasPassword;
  return (
    <div className="mx-auto max-w-md space-y-6 pt-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Two-factor authentication</h1>
        <p className="text-sm text-slate-600">
          With it on, signing in to <bdi>{viewer.email}</bdi> takes your password and a code from an authenticator app (such as 1Password, Google
          Authenticator or Microsoft Authenticator). Creating API keys, issuing a new External ID and turning it off ask for both again.
        </p>
      </div>
      {required ? (
        <Alert tone="warning" title="Required for partner admins">
          Turn on two-factor authentication to continue to the dashboard.
        </Alert>
      ) : null}
      {status.enabled ? (
        <section aria-labelledby="mfa-on" className="space-y-4">
          <h2 id="mfa-on" className="text-lg font-semibold">
            On since <Timestamp date={status.enabledAt} />
          </h2>
          <p className="text-sm text-slate-700">
            {counted(status.recoveryCodesLeft, "recovery code")} left.
            {status.recoveryCodesLeft <= 3 ? " Make new ones before they run out." : ""}
          </p>
          <MfaOnForms />
        </section>
      ) : pending ? (
        <section aria-labelledby="mfa-enrol" className="space-y-4 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 id="mfa-enrol" className="text-lg font-semibold">
            Scan this with your authenticator app
          </h2>
          <div
            role="img"
            aria-label="QR code of the authenticator app's setup link"
            className="mx-auto w-48 [&>svg]:h-auto [&>svg]:w-full"
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <div className="space-y-1">
            <p className="text-sm text-slate-700">Or type this key into the app (time-based, 6 digits, 30 seconds):</p>
            <p id="totp-secret" className="font-mono text-sm break-all select-all">
              {pending.secret.match(/.{1,4}/g)!.join(" ")}
            </p>
          </div>
          <EnrolmentConfirmForm />
        </section>
      ) : providerOwnsSecondFactor ? (
        <Alert tone="info" title="Your identity provider owns the second factor">
          You sign in {sso ? <>with {sso.name}</> : "by single sign-on"}, and this account has no password here. Two-factor authentication is
          set up with your identity provider, which checks it at every sign-in.
        </Alert>
      ) : (
        <StartEnrolmentForm />
      )}
      {sso ? (
        <section aria-labelledby="sso" className="space-y-4">
          <h2 id="sso" className="text-lg font-semibold">
            Single sign-on
          </h2>
          {identities.length ? (
            <ul aria-label="Linked sign-ins" className="space-y-1 text-sm text-slate-700">
              {identities.map((identity) => (
                <li key={`${identity.issuer} ${identity.createdAt.toISOString()}`}>
                  {sso.name}
                  {identity.email ? (
                    <>
                      {" "}
                      as <bdi className="break-all">{identity.email}</bdi>
                    </>
                  ) : null}
                  , linked <Timestamp date={identity.createdAt} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-700">No sign-in with {sso.name} is linked to this account yet.</p>
          )}
          {viewer.signedInWith === "password" ? (
            <SsoLinkForm name={sso.name} providerId={sso.providerId} forMember={viewer.role === "member"} check={await identityCheckOf(viewer)} />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { userIdentities, users } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { pgErrorCode, UNIQUE_VIOLATION } from "./errors";
import { domainOf, type OrgSsoRefusal, type SsoClaims, type SsoRefusal, type SsoUser } from "./sso";

/** Who may sign in through a customer organisation's own OpenID provider (lib/dal/organization-sso.ts). */
export type MemberSsoPolicy = { organizationId: string; issuer: string; domains: readonly string[]; trustEmailForLinking: boolean };

type Result = { ok: true; user: SsoUser } | { ok: false; refusal: OrgSsoRefusal | Extract<SsoRefusal, "SsoNoEmail" | "SsoIdentityTaken"> };

/**
 * The member of `policy`'s organisation a single sign-on through its provider signs in to. A
 * customer's provider never reaches a partner admin, nor anyone outside its organisation:
 * - an identity seen before signs in to its account, if that is still this organisation's member;
 * - `linkTo`, a member of this organisation who asked to link from Security, gets the identity;
 * - a new identity needs a verified e-mail of the organisation's domains. With no account of that
 *   e-mail, a member account is made just in time (no password, no invite). An existing account of
 *   that e-mail is linked only when the organisation trusts its provider's e-mails for linking and
 *   the account is this organisation's member; otherwise its owner must link it themselves.
 */
export async function resolveSsoMember(policy: MemberSsoPolicy, claims: SsoClaims, now = new Date(), linkTo: string | null = null): Promise<Result> {
  const vouched = claims.email !== null && claims.emailVerified && policy.domains.includes(domainOf(claims.email));
  for (let attempt = 0; ; attempt++) {
    try {
      return await getDb().transaction(async (tx): Promise<Result> => {
        const identity = and(eq(userIdentities.issuer, policy.issuer), eq(userIdentities.subject, claims.subject));
        const account = { id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion, role: users.role, organizationId: users.organizationId };
        const ours = (row: { role: string; organizationId: string | null }) => row.role === "member" && row.organizationId === policy.organizationId;
        const [linked] = await tx.select(account).from(userIdentities).innerJoin(users, eq(users.id, userIdentities.userId)).where(identity).limit(1);
        if (linked) {
          if (linkTo && linked.id !== linkTo) return { ok: false, refusal: "SsoIdentityTaken" };
          if (!ours(linked)) return { ok: false, refusal: "OrgSsoNotAllowed" };
          await tx.update(userIdentities).set({ lastSignInAt: now }).where(identity);
          return { ok: true, user: pick(linked) };
        }
        let user: SsoUser;
        if (linkTo) {
          const [owner] = await tx.select(account).from(users).where(eq(users.id, linkTo)).limit(1);
          if (!owner || !ours(owner)) return { ok: false, refusal: "OrgSsoNotAllowed" };
          user = pick(owner);
        } else {
          if (!claims.email) return { ok: false, refusal: "SsoNoEmail" };
          if (!vouched) return { ok: false, refusal: "OrgSsoNotAllowed" };
          const [existing] = await tx.select(account).from(users).where(eq(users.email, claims.email)).limit(1);
          if (existing) {
            if (!ours(existing)) return { ok: false, refusal: "OrgSsoAccountConflict" };
            if (!policy.trustEmailForLinking) return { ok: false, refusal: "OrgSsoLinkRequired" };
            user = pick(existing);
          } else {
            const [made] = await tx
              .insert(users)
              .values({ email: claims.email, name: claims.name ?? claims.email, passwordHash: null, role: "member", organizationId: policy.organizationId })
              .returning(account);
            if (!made) throw new Error("member insert returned no row");
            await recordAudit(tx, { actorUserId: made.id, organizationId: policy.organizationId, action: "user.sso-create", targetId: made.id, detail: { issuer: policy.issuer } });
            user = pick(made);
          }
        }
        await tx.insert(userIdentities).values({ userId: user.id, issuer: policy.issuer, subject: claims.subject, email: claims.email ?? "", lastSignInAt: now });
        await recordAudit(tx, { actorUserId: user.id, organizationId: policy.organizationId, action: "user.sso-link", targetId: user.id, detail: { issuer: policy.issuer, subject: claims.subject } });
        return { ok: true, user };
      });
    } catch (error) {
      // Two first sign-ins of one person at once: the second finds what the first made.
      if (attempt === 0 && pgErrorCode(error) === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

const pick = (row: SsoUser): SsoUser => ({ id: row.id, email: row.email, name: row.name, sessionVersion: row.sessionVersion });

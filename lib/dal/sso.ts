import "server-only";
import { emailSchema, personName } from "@/lib/schemas/auth";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { userIdentities, users } from "@/lib/db/schema";
import { recordAudit } from "./audit";
import { pgErrorCode, UNIQUE_VIOLATION } from "./errors";

/** Who may sign in as a partner admin through the partner's OpenID provider (lib/config.ts `oidc`). */
export type AdminSsoPolicy = { issuer: string; adminDomains: readonly string[]; adminGroup: string | null; groupsClaim: string };

/** What the provider's ID token says, as read by `ssoClaims`. */
export type SsoClaims = { subject: string; email: string | null; emailVerified: boolean; name: string | null; groups: string[] };

/**
 * Why a single sign-on was refused; each is a sign-in page error code with its own message:
 * - `SsoNotAllowed`: the person is not one the settings make a partner admin (domain or group), or
 *   the account the identity signs in to is not an admin's;
 * - `SsoNoEmail`: the provider gave no e-mail address, which an account needs;
 * - `SsoLinkRequired`: a password account has this e-mail and the provider's word is not proof
 *   enough to take it over; its owner signs in with the password and links the identity;
 * - `SsoAccountConflict`: the e-mail belongs to a customer's account;
 * - `SsoIdentityTaken`: linking, but the identity already signs in to another account.
 */
export type SsoRefusal = "SsoNotAllowed" | "SsoNoEmail" | "SsoLinkRequired" | "SsoAccountConflict" | "SsoIdentityTaken" | OrgSsoRefusal;

/**
 * Why a customer organisation's single sign-on was refused (lib/dal/sso-member.ts):
 * - `OrgSsoNotAllowed`: the e-mail is not verified or not of the organisation's domains, or the
 *   account the identity signs in to is not a member of this organisation;
 * - `OrgSsoLinkRequired`: a password account has this e-mail; its owner signs in with the password and links;
 * - `OrgSsoAccountConflict`: the e-mail belongs to an account that is not this organisation's member.
 */
export type OrgSsoRefusal = "OrgSsoNotAllowed" | "OrgSsoLinkRequired" | "OrgSsoAccountConflict";

export type SsoUser = { id: string; email: string; name: string; sessionVersion: number };

/** Reads the claims Rolegate uses from an ID token's claims, whatever their shape; null without a usable subject. */
export function ssoClaims(claims: Record<string, unknown>, groupsClaim: string): SsoClaims | null {
  const subject = claims.sub;
  if (typeof subject !== "string" || subject.length === 0 || subject.length > 255) return null;
  // The rules a form applies: an address or name that would display other than it reads is not taken.
  const parsedEmail = emailSchema.safeParse(claims.email);
  const email = parsedEmail.success ? parsedEmail.data.toLowerCase() : null;
  // Some providers send the flag as text.
  const emailVerified = claims.email_verified === true || claims.email_verified === "true";
  const parsedName = personName.safeParse(claims.name);
  const name = parsedName.success ? parsedName.data : null;
  const raw = claims[groupsClaim];
  const groups = (Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : []).filter((g): g is string => typeof g === "string");
  return { subject, email, emailVerified, name, groups };
}

/** The domain of an e-mail address (lowercase, as `ssoClaims` gives it). */
export const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1);

/** Whether the provider vouches for this e-mail in a domain the settings trust for admins. */
function trustedEmail(policy: AdminSsoPolicy, claims: SsoClaims): claims is SsoClaims & { email: string } {
  return claims.email !== null && claims.emailVerified && policy.adminDomains.includes(domainOf(claims.email));
}

/** Every condition the settings name must hold: an admin domain (verified e-mail) and, when set, the admin group. */
function isAdminPerson(policy: AdminSsoPolicy, claims: SsoClaims): boolean {
  const domainOk = policy.adminDomains.length === 0 || trustedEmail(policy, claims);
  const groupOk = policy.adminGroup === null || claims.groups.includes(policy.adminGroup);
  return domainOk && groupOk;
}

/**
 * The partner admin a single sign-on signs in to, checked again at every sign-in (someone taken out
 * of the admin group or domain no longer gets in):
 * - an identity seen before signs in to its account;
 * - a new one is linked to the admin account of the same e-mail only when the provider vouches for
 *   that e-mail in a trusted admin domain; otherwise an existing account is never taken over;
 * - with no account of that e-mail, an admin account is made just in time (without a password);
 * - `linkTo`, the signed-in admin who asked to link (lib/auth/sso-link.ts), gets the identity
 *   whatever its e-mail: their session and password confirmation are the proof.
 */
export async function resolveSsoAdmin(
  policy: AdminSsoPolicy,
  claims: SsoClaims,
  now = new Date(),
  linkTo: string | null = null,
): Promise<{ ok: true; user: SsoUser } | { ok: false; refusal: SsoRefusal }> {
  if (!isAdminPerson(policy, claims)) return { ok: false, refusal: "SsoNotAllowed" };
  for (let attempt = 0; ; attempt++) {
    try {
      return await getDb().transaction(async (tx) => {
        const identity = and(eq(userIdentities.issuer, policy.issuer), eq(userIdentities.subject, claims.subject));
        const account = { id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion, role: users.role };
        // The account a link request names: it must be an admin's.
        const ownerOf = async (id: string): Promise<SsoUser | { refusal: SsoRefusal }> => {
          const [owner] = await tx.select(account).from(users).where(eq(users.id, id)).limit(1);
          return owner?.role === "admin" ? pick(owner) : { refusal: "SsoNotAllowed" };
        };
        // Without one: the admin account of the provider's e-mail, only on its word for a trusted
        // domain; or a new admin account.
        const byEmail = async (): Promise<SsoUser | { refusal: SsoRefusal }> => {
          if (!claims.email) return { refusal: "SsoNoEmail" };
          const [existing] = await tx.select(account).from(users).where(eq(users.email, claims.email)).limit(1);
          if (existing) {
            if (existing.role !== "admin") return { refusal: "SsoAccountConflict" };
            return trustedEmail(policy, claims) ? pick(existing) : { refusal: "SsoLinkRequired" };
          }
          const [made] = await tx
            .insert(users)
            .values({ email: claims.email, name: claims.name ?? claims.email, passwordHash: null, role: "admin" })
            .returning(account);
          if (!made) throw new Error("admin insert returned no row");
          await recordAudit(tx, { actorUserId: made.id, organizationId: null, action: "user.sso-create", targetId: made.id, detail: { issuer: policy.issuer } });
          return pick(made);
        };
        const [linked] = await tx
          .select(account)
          .from(userIdentities)
          .innerJoin(users, eq(users.id, userIdentities.userId))
          .where(identity)
          .limit(1);
        if (linked) {
          if (linkTo && linked.id !== linkTo) return { ok: false, refusal: "SsoIdentityTaken" } as const;
          if (linked.role !== "admin") return { ok: false, refusal: "SsoNotAllowed" } as const;
          await tx.update(userIdentities).set({ lastSignInAt: now }).where(identity);
          return { ok: true, user: pick(linked) } as const;
        }
        const user = linkTo ? await ownerOf(linkTo) : await byEmail();
        if ("refusal" in user) return { ok: false, refusal: user.refusal } as const;
        await tx.insert(userIdentities).values({ userId: user.id, issuer: policy.issuer, subject: claims.subject, email: claims.email ?? "", lastSignInAt: now });
        await recordAudit(tx, { actorUserId: user.id, organizationId: null, action: "user.sso-link", targetId: user.id, detail: { issuer: policy.issuer, subject: claims.subject } });
        return { ok: true, user } as const;
      });
    } catch (error) {
      // Two first sign-ins of one person at once: the second finds what the first made.
      if (attempt === 0 && pgErrorCode(error) === UNIQUE_VIOLATION) continue;
      throw error;
    }
  }
}

const pick = (row: SsoUser): SsoUser => ({ id: row.id, email: row.email, name: row.name, sessionVersion: row.sessionVersion });

/** The single sign-on identities linked to the viewer's own account, oldest first. */
export async function ssoIdentitiesOf(viewer: { userId: string }): Promise<{ issuer: string; email: string; createdAt: Date; lastSignInAt: Date | null }[]> {
  return getDb()
    .select({ issuer: userIdentities.issuer, email: userIdentities.email, createdAt: userIdentities.createdAt, lastSignInAt: userIdentities.lastSignInAt })
    .from(userIdentities)
    .where(eq(userIdentities.userId, viewer.userId))
    .orderBy(userIdentities.createdAt);
}

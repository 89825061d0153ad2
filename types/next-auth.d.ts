import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id?: string; email?: string | null; name?: string | null; sessionVersion?: number; sessionId?: string; signInMethod?: "password" | "sso"; signedInAt?: number };
  }
  interface User {
    sessionVersion?: number;
    /** How this sign-in was made; single sign-on is "sso". */
    signInMethod?: "password" | "sso";
    /** Why a single sign-on was refused (lib/dal/sso.ts); the sign-in callback turns it into the page's error. */
    ssoRefusal?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The account's session version at sign-in (see `users.session_version`). */
    sv?: number;
    /** This session's id, kept when the cookie is renewed; signing out ends it (`ended_sessions`). */
    sid?: string;
    /** How the session was signed in: "sso" for single sign-on, absent for a password. */
    m?: "sso";
    /** When the session was signed in (ms since the epoch), for actions that want a recent sign-in. */
    at?: number;
  }
}

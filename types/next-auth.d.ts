import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id?: string; email?: string | null; name?: string | null; sessionVersion?: number; sessionId?: string };
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The account's session version at sign-in (see `users.session_version`). */
    sv?: number;
    /** This session's id, kept when the cookie is renewed; signing out ends it (`ended_sessions`). */
    sid?: string;
  }
}

import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id?: string; email?: string | null; name?: string | null; sessionVersion?: number };
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The account's session version at sign-in (see `users.session_version`). */
    sv?: number;
  }
}

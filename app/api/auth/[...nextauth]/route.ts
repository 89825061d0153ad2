import NextAuth from "next-auth";
import { badCallbackUrl } from "@/lib/auth/callback-url";
import { endedSessionAnswer } from "@/lib/auth/ended-session";
import { authOptions } from "@/lib/auth/options";
import { getConfig } from "@/lib/config";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request (cached), so nothing reads secrets or the database at build time.
async function handler(request: Request, context: Context) {
  return badCallbackUrl(request, getConfig().appUrl) ?? (await endedSessionAnswer(request)) ?? NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };

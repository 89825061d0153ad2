import { redirect } from "next/navigation";
import { homeOf, requireViewer } from "@/lib/auth/session";
import { allOwnConnectionsVerified } from "@/lib/dal/connections";

export default async function Home() {
  const viewer = await requireViewer();
  // A customer whose accounts are all connected has nothing left to set up: its home is the list.
  if (viewer.role === "member" && (await allOwnConnectionsVerified(viewer))) redirect("/accounts");
  redirect(homeOf(viewer));
}

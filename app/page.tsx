import { redirect } from "next/navigation";
import { homeOf, requireViewer } from "@/lib/auth/session";

export default async function Home() {
  const viewer = await requireViewer();
  redirect(homeOf(viewer));
}

import { redirect } from "next/navigation";
import { homeOf, requireViewer } from "@/lib/dal/session";

export default async function Home() {
  const viewer = await requireViewer();
  redirect(homeOf(viewer));
}

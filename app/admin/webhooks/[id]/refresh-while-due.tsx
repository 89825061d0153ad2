"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 2_000;
const AT_MOST_MS = 120_000;

/** Reloads the page's data every few seconds while `active` (for two minutes at most), so outcomes appear by themselves. */
export function RefreshWhileDue({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), EVERY_MS);
    const stop = setTimeout(() => clearInterval(timer), AT_MOST_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [active, router]);
  return null;
}

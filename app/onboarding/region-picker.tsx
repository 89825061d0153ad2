"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";

/** Picks the region the stack is created in; the choice lives in the URL (`?region=`). */
export function RegionPicker({ regions, region }: { regions: readonly string[]; region: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return (
    <div className="space-y-1">
      <label htmlFor="region" className="block text-sm font-medium text-slate-800">
        Region
      </label>
      <select
        id="region"
        value={region}
        onChange={(e) => {
          const params = new URLSearchParams(searchParams);
          params.set("region", e.target.value);
          router.replace(`${pathname}?${params}#launch`, { scroll: false });
        }}
        className="block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
      >
        {regions.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </div>
  );
}

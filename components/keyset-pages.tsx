import Link from "next/link";

const link = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

type Cursor = { after?: string; before?: string };

/**
 * First / Previous / Next by keyset cursor (no page numbers: counting pages would mean OFFSET).
 * `href` makes a link to the same view at a cursor, or at its first page without one.
 */
export function KeysetPages({ paged, previous, next, href }: { paged: boolean; previous?: string | undefined; next?: string | undefined; href: (cursor: Cursor) => string }) {
  if (!paged && !next) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3">
      <div>{paged ? <Link href={href({})} className="text-sm underline">First page</Link> : null}</div>
      <div className="flex gap-2">
        {previous ? <Link href={href({ before: previous })} className={link}>Previous</Link> : null}
        {next ? <Link href={href({ after: next })} className={link}>Next</Link> : null}
      </div>
    </nav>
  );
}

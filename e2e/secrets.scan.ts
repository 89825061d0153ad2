import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { findKeyMaterial } from "../tests/support/key-material";
import { sandboxInfo } from "./support/sandbox";

// Runs after the whole suite (a project depending on the others): every verification it made has
// handled temporary credentials; none may be in the database, the logs or the server's output.

const DATA = "data/e2e";

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

async function databaseText(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    // PGlite's files, WAL included, read as bytes: text columns are stored as written.
    const all = await files(path.join(DATA, "pglite"));
    return (await Promise.all(all.map((f) => readFile(f).then((b) => b.toString("latin1"))))).join("\n");
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = 'public'`;
    const dumps = await Promise.all(
      tables.map(({ name }) => sql.unsafe<{ row: string }[]>(`select row_to_json(t)::text as row from "${name.replace(/"/g, '""')}" t`)),
    );
    return dumps.flat().map((r) => r.row).join("\n");
  } finally {
    await sql.end();
  }
}

test("no key material in the database, the logs or the server output after the whole suite", async () => {
  const { partner } = await sandboxInfo();
  const known = [partner.secretAccessKey, partner.accessKeyId];
  const logs = (await Promise.all([path.join(DATA, "app.log"), path.join(DATA, "server.log")].map((f) => readFile(f, "utf8")))).join("\n");
  expect(logs).toContain('"msg":"verification"'); // the suite did verify connections
  expect(findKeyMaterial(logs, known)).toEqual([]);
  const db = await databaseText();
  expect(db.length).toBeGreaterThan(1000);
  expect(findKeyMaterial(db, known)).toEqual([]);
});

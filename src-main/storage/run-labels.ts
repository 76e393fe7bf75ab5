import type { Database } from 'better-sqlite3';

/**
 * What a researcher changes about a stored run after the fact: its name, its tags, whether it is
 * kept at all. Nothing here touches a run's spec or results.
 */

export function renameRun(db: Database, id: string, name: string): boolean {
  return db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name, id).changes > 0;
}

export function setRunTags(db: Database, id: string, tags: readonly string[]): boolean {
  return db.prepare('UPDATE runs SET tags_json = ? WHERE id = ?').run(JSON.stringify([...new Set(tags)]), id).changes > 0;
}

/** Tags of every run by id. */
export function allRunTags(db: Database): Map<string, string[]> {
  const rows = db.prepare('SELECT id, tags_json FROM runs').all() as { id: string; tags_json: string }[];
  return new Map(rows.map((r) => [r.id, JSON.parse(r.tags_json) as string[]]));
}

/** Test examples stored per run (the sample actually drawn). */
export function testExampleCounts(db: Database): Map<string, number> {
  const rows = db.prepare("SELECT run_id, COUNT(*) AS n FROM run_examples WHERE role = 'test' GROUP BY run_id").all() as { run_id: string; n: number }[];
  return new Map(rows.map((r) => [r.run_id, r.n]));
}

/** Deletes a run and, by the schema's cascades, its plan and results, in one transaction. */
export function deleteRun(db: Database, id: string): boolean {
  return db.transaction(() => db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0)();
}

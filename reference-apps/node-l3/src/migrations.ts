// What `npm run migrate` checks around drizzle's migrator (src/db.ts runs it). drizzle records each applied
// migration by the time drizzle-kit dated it (`when` in migrations/meta/_journal.json) and applies only the
// migrations dated after the newest one recorded. A migration dated earlier, such as one a template update
// brings after you generated one of your own, would be passed over in silence and the app would run without
// its tables: the run is refused instead, naming it.
import fs from "node:fs";
import path from "node:path";

export interface JournalEntry {
  tag: string;
  when: number;
}

// The migrations of a folder, in order (drizzle-kit's journal, meta/_journal.json).
export function journal(folder: string): JournalEntry[] {
  const { entries } = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return entries.map(({ tag, when }) => ({ tag, when }));
}

// The names of the migrations a run applied, from the times recorded before and after it; an error naming
// every migration still not recorded.
export function appliedByRun(entries: JournalEntry[], before: Set<number>, after: Set<number>): string[] {
  const skipped = entries.filter((entry) => !after.has(entry.when));
  if (skipped.length) {
    const names = skipped.map((entry) => entry.tag).join(", ");
    throw new Error(
      `Migration ${names} was not applied: drizzle applies only migrations dated after the newest one applied ` +
        `(${Math.max(...after)}). Give it a later "when" in meta/_journal.json, then run npm run migrate again.`,
    );
  }
  return entries.filter((entry) => !before.has(entry.when)).map((entry) => entry.tag);
}

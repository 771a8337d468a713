// `npm run seed [count]`: create `count` (default 5) sample objects of every entity, refs pointing at the
// objects made before them, and say how many rows it stored of each. Run it again to add more.
import type { Value } from "../src/entities.ts";
import { Records } from "../src/records.ts";
import { creationOrder, samplePayload } from "../src/samples.ts";
import { withDatabase } from "./cli.ts";

const count = Number.parseInt(process.argv[2] || "5", 10);
if (!Number.isInteger(count) || count < 1) {
  console.error("Usage: npm run seed [count], with count a positive whole number.");
  process.exit(1);
}

await withDatabase(async (db) => {
  // Numbered after the rows already there, so that unique values stay unique when seed runs again.
  const counts = await Promise.all(creationOrder().map((entity) => new Records(db, entity).count()));
  const start = Math.max(...counts) + 1;
  const stored = new Map(creationOrder().map((entity) => [entity.name, 0]));
  for (let i = 0; i < count; i += 1) {
    const refs: Record<string, Value> = {};
    for (const entity of creationOrder()) {
      const object = await new Records(db, entity).create(samplePayload(entity, refs, start + i));
      refs[entity.name] = object[entity.pk.name] ?? null;
      stored.set(entity.name, (stored.get(entity.name) ?? 0) + 1);
    }
  }
  const total = [...stored.values()].reduce((sum, rows) => sum + rows, 0);
  const each = [...stored].map(([name, rows]) => `${rows} ${name}`).join(", ");
  console.log(`Stored ${total} row${total === 1 ? "" : "s"}: ${each}.`);
});

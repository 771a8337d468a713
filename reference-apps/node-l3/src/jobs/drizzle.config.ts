// drizzle-kit's settings for the jobs' table alone (src/jobs/schema.ts, migrated into src/jobs/migrations/):
// `npx drizzle-kit generate --config src/jobs/drizzle.config.ts` after a change to it.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/jobs/schema.ts",
  out: "./src/jobs/migrations",
});

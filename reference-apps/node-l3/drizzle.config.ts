// drizzle-kit's settings: `npm run db:generate -- --name <what>` compares src/schema.ts with the last snapshot
// in migrations/meta/ and writes the next migration there.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL || "postgres://127.0.0.1:5432/library" },
});

// drizzle-kit's settings: `npm run db:generate -- --name <what>` compares src/schema.ts with the last snapshot
// in migrations/meta/ and writes the next migration there.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/schema.ts",
  out: "./migrations",
  dbCredentials: { url: (process.env.DATABASE_URL || "sqlite:///db.sqlite3").replace(/^sqlite:\/\/\//, "") },
});

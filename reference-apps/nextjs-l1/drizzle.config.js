// drizzle-kit's settings: `npm run db:generate -- --name <what>` compares src/schema.js with the last snapshot
// in migrations/meta/ and writes the next migration there.
export default {
  dialect: "postgresql",
  schema: "./src/schema.js",
  out: "./migrations",
  dbCredentials: { url: process.env.DATABASE_URL || "postgres://127.0.0.1:5432/library" },
};

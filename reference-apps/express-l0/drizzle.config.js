// drizzle-kit's settings: `npm run db:generate -- --name <what>` compares src/schema.js with the last snapshot
// in migrations/meta/ and writes the next migration there.
export default {
  dialect: "sqlite",
  schema: "./src/schema.js",
  out: "./migrations",
  dbCredentials: { url: (process.env.DATABASE_URL || "sqlite:///db.sqlite3").replace(/^sqlite:\/\/\//, "") },
};

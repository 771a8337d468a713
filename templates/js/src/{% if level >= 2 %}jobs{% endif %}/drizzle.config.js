// drizzle-kit's settings for the jobs' table alone (src/jobs/schema.js, migrated into src/jobs/migrations/):
// `npx drizzle-kit generate --config src/jobs/drizzle.config.js` after a change to it.
export default {
  dialect: "postgresql",
  schema: "./src/jobs/schema.js",
  out: "./src/jobs/migrations",
};

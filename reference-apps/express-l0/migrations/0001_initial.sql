-- The tables of the entity spec in .copier-answers.yml. Applied once by `npm run migrate` (the Procfile's
-- release step), which records it in the schema_migrations table. To change the model later, add a new
-- numbered file (0002_add_priority.sql, ...) instead of editing this one.

CREATE TABLE "task" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "title" TEXT NOT NULL,
  "completed" INTEGER NOT NULL,
  "created_at" TEXT NOT NULL
);

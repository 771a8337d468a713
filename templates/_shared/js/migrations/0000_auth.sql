-- Users (created with `npm run createadmin`) and their API tokens (POST /api/auth/token/).
CREATE TABLE "auth_user" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "username" TEXT NOT NULL UNIQUE,
  "password" TEXT NOT NULL,
  "is_admin" INTEGER NOT NULL DEFAULT 0,
  "created_at" TEXT NOT NULL
);

CREATE TABLE "auth_token" (
  "key" TEXT PRIMARY KEY NOT NULL,
  "user_id" INTEGER NOT NULL UNIQUE REFERENCES "auth_user" ("id") ON DELETE CASCADE,
  "created_at" TEXT NOT NULL
);

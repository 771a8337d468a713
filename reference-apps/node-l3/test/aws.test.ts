// Level 3 (AWS): the connections built from their parts, as the task definitions give them, and the jobs' files
// in an S3 bucket of a real local S3 API. The S3 tests start moto's server (`moto_server`, from
// `pip install "moto[server]"`) when it is on PATH, and are skipped saying so otherwise: no mock stands in for S3.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { CreateBucketCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { saveUser } from "../src/auth.ts";
import { closeCache } from "../src/cache.ts";
import { ConfigError, readConfig, storageConfig } from "../src/config.ts";
import { closeDatabase, migrateDatabase, type Database } from "../src/db.ts";
import { deleteFiles, downloadUrl, exportKey, readFile } from "../src/jobs/bucket.ts";
import { jobs } from "../src/jobs/schema.ts";
import { createJob, resultOf } from "../src/jobs/store.ts";
import { runExport } from "../src/jobs/tasks.ts";
import { csvHeader } from "../src/presentation.ts";
import { users } from "../src/schema.ts";
import { entities, openTestDatabase, present, scratchDatabase, type Scratch } from "./helpers.ts";

const KEY = "k".repeat(32);
const PARTS = {
  SECRET_KEY: KEY,
  DATABASE_HOST: "db.internal",
  DATABASE_PORT: "5433",
  DATABASE_NAME: "app",
  DATABASE_USER: "app_user",
  DATABASE_PASSWORD: "p@ss/word",
  REDIS_HOST: "cache.internal",
  REDIS_PORT: "6380",
  REDIS_AUTH_TOKEN: "to:ken",
};

test("without DATABASE_URL and REDIS_URL, the connections are built from their parts, over TLS", () => {
  const config = readConfig(PARTS);
  const database = new URL(config.database);
  assert.equal(database.hostname, "db.internal");
  assert.equal(database.port, "5433");
  assert.equal(database.pathname, "/app");
  assert.equal(decodeURIComponent(database.username), "app_user");
  assert.equal(decodeURIComponent(database.password), "p@ss/word");
  assert.equal(database.searchParams.get("sslmode"), "require");
  const redis = new URL(config.redisUrl);
  assert.equal(redis.protocol, "rediss:");
  assert.equal(redis.host, "cache.internal:6380");
  assert.equal(decodeURIComponent(redis.password), "to:ken");
});

test("a missing part is refused in one sentence naming it", () => {
  for (const name of ["DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD", "REDIS_AUTH_TOKEN"]) {
    assert.throws(
      () => readConfig({ ...PARTS, [name]: "" }),
      (error) => error instanceof ConfigError && error.message.startsWith(`${name} must be set:`),
      name,
    );
  }
  assert.throws(() => readConfig({ ...PARTS, DATABASE_PORT: "fivefour" }), /DATABASE_PORT must be a port number/);
});

test("DATABASE_URL and REDIS_URL win over the parts", () => {
  const config = readConfig({
    ...PARTS,
    DATABASE_URL: "postgres://u:p@elsewhere:5432/db",
    REDIS_URL: "redis://r:6379/1",
  });
  assert.equal(new URL(config.database).hostname, "elsewhere");
  assert.equal(config.redisUrl, "redis://r:6379/1");
});

test("the bucket's settings: none without AWS_STORAGE_BUCKET_NAME, a bad value refused by name", () => {
  assert.equal(storageConfig({}), null);
  assert.deepEqual(storageConfig({ AWS_STORAGE_BUCKET_NAME: "files", AWS_S3_REGION_NAME: "eu-west-3" }), {
    bucket: "files",
    region: "eu-west-3",
    endpoint: undefined,
    expiresIn: 300,
  });
  assert.throws(
    () => storageConfig({ AWS_STORAGE_BUCKET_NAME: "files", AWS_QUERYSTRING_EXPIRE: "0" }),
    /AWS_QUERYSTRING_EXPIRE/,
  );
  assert.throws(() => storageConfig({ AWS_S3_ENDPOINT_URL: "ftp://files" }), /AWS_S3_ENDPOINT_URL/);
});

// moto's S3 API (moto_server) on a free loopback port, or why it cannot run here.
const MOTO = "moto_server";
const motoPath = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter(Boolean)
  .map((dir) => path.join(dir, MOTO))
  .find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const s3Skip = motoPath ? false : `${MOTO} is not on PATH (pip install "moto[server]"): no local S3 API`;
const BUCKET = "test-files";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function listening(port: number, until: number): Promise<void> {
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${MOTO} did not listen on 127.0.0.1:${port}`);
}

describe("the jobs' files in an S3 bucket", { skip: s3Skip }, () => {
  let moto: ChildProcess | undefined;
  let s3: S3Client;
  let scratch: Scratch | undefined;
  let db: Database;
  let userId: number;

  before(async () => {
    const port = await freePort();
    moto = spawn(present(motoPath), ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    await listening(port, Date.now() + 30_000);
    // The variables the task definitions set, pointed at moto (which takes any credentials).
    Object.assign(process.env, {
      AWS_STORAGE_BUCKET_NAME: BUCKET,
      AWS_S3_REGION_NAME: "us-east-1",
      AWS_S3_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
    });
    s3 = new S3Client({ region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    scratch = await scratchDatabase();
    db = openTestDatabase(scratch.url);
    await migrateDatabase(db);
    await saveUser(db, "aws-user", "a long password");
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, "aws-user"));
    userId = present(user).id;
  });

  after(async () => {
    if (scratch) {
      await closeCache();
      await closeDatabase(db);
      await scratch.drop();
    }
    moto?.kill();
  });

  test("an export lands in the bucket; its download is a short-lived signed link", async () => {
    const entity = present(entities[0]);
    const { id } = await createJob(db, { kind: "export", entity, userId });
    await runExport(db, id);
    const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
    assert.equal(present(job).status, "done");
    assert.equal(await resultOf(db, id), null, "the file is in the bucket, not in the row");
    const stored = present(await readFile(exportKey(id)));
    assert.equal(stored.split("\r\n")[0], csvHeader(entity).join(","));
    const url = new URL(present(await downloadUrl(exportKey(id), `${entity.plural}.csv`)));
    assert.equal(url.searchParams.get("X-Amz-Expires"), "300");
    const fetched = await fetch(url);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.headers.get("content-disposition"), `attachment; filename="${entity.plural}.csv"`);
    assert.equal(await fetched.text(), stored);
    const unsigned = await fetch(`${url.origin}${url.pathname}`);
    assert.equal(unsigned.status, 403, "the bucket is private: a link without a signature is refused");
  });

  test("the cleanup's deletion removes a job's files from the bucket", async () => {
    const { id } = await createJob(db, { kind: "export", entity: present(entities[0]), userId });
    await runExport(db, id);
    await deleteFiles([id]);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: exportKey(id) })), { name: "NotFound" });
  });
});

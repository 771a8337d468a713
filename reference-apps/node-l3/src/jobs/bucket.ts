// The jobs' files in a private S3 bucket, when AWS_STORAGE_BUCKET_NAME names one (on AWS, infra/ creates it and
// gives the web and worker tasks' role the rights on it); in the job's row otherwise, as on level 2. One fixed
// key a job: a task run again replaces its file. Nothing in the bucket is public: a download is a redirect to a
// link signed for AWS_QUERYSTRING_EXPIRE seconds (default 300), handed out after the app has checked who asks.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { storageConfig, type StorageConfig } from "../config.ts";

export const exportKey = (id: string): string => `exports/${id}.csv`;
export const uploadKey = (id: string): string => `imports/${id}.csv`;

interface Bucket {
  client: S3Client;
  config: StorageConfig;
}

let opened: Bucket | null | undefined;

// The bucket of this process's configuration, or null when the files stay in the database.
export function filesBucket(): Bucket | null {
  if (opened !== undefined) return opened;
  const config = storageConfig();
  opened = config
    ? {
        config,
        client: new S3Client({
          region: config.region,
          endpoint: config.endpoint,
          // Another S3 API (AWS_S3_ENDPOINT_URL) is addressed by path: its host name is not the bucket's.
          forcePathStyle: Boolean(config.endpoint),
        }),
      }
    : null;
  return opened;
}

// Writes a file to the bucket; false when there is no bucket (the caller keeps the file in the row).
export async function putFile(key: string, text: string): Promise<boolean> {
  const bucket = filesBucket();
  if (!bucket) return false;
  await bucket.client.send(
    new PutObjectCommand({
      Bucket: bucket.config.bucket,
      Key: key,
      Body: text,
      ContentType: "text/csv; charset=utf-8",
    }),
  );
  return true;
}

// A file of the bucket as text; null when there is no bucket.
export async function readFile(key: string): Promise<string | null> {
  const bucket = filesBucket();
  if (!bucket) return null;
  const object = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.config.bucket, Key: key }));
  return (await object.Body?.transformToString("utf-8")) ?? "";
}

// A link that downloads the file as `filename` for a few minutes; null when there is no bucket.
export async function downloadUrl(key: string, filename: string): Promise<string | null> {
  const bucket = filesBucket();
  if (!bucket) return null;
  const command = new GetObjectCommand({
    Bucket: bucket.config.bucket,
    Key: key,
    ResponseContentDisposition: `attachment; filename="${filename}"`,
    ResponseContentType: "text/csv; charset=utf-8",
  });
  return getSignedUrl(bucket.client, command, { expiresIn: bucket.config.expiresIn });
}

// Deletes the files of these jobs (those they have: deleting a missing key succeeds).
export async function deleteFiles(ids: readonly string[]): Promise<void> {
  const bucket = filesBucket();
  if (!bucket) return;
  for (const key of ids.flatMap((id) => [exportKey(id), uploadKey(id)])) {
    await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.config.bucket, Key: key }));
  }
}

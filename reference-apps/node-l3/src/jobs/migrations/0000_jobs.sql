CREATE TABLE "jobs_job" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(10) NOT NULL,
	"entity" varchar(100) NOT NULL,
	"status" varchar(10) NOT NULL,
	"total" integer NOT NULL,
	"processed" integer NOT NULL,
	"created_count" integer NOT NULL,
	"failed_count" integer NOT NULL,
	"row_errors" jsonb NOT NULL,
	"error" text NOT NULL,
	"query" text NOT NULL,
	"upload_name" varchar(255) NOT NULL,
	"upload" text,
	"result" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "jobs_job" ADD CONSTRAINT "jobs_job_created_by_auth_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."auth_user"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "jobs_job_created_by_idx" ON "jobs_job" USING btree ("created_by");

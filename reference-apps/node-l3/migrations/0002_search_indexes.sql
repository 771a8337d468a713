CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "author_name_trgm" ON "author" USING gin (lower("name") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "author_bio_trgm" ON "author" USING gin (lower("bio") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "book_title_trgm" ON "book" USING gin (lower("title") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "loan_borrower_trgm" ON "loan" USING gin (lower("borrower") gin_trgm_ops);

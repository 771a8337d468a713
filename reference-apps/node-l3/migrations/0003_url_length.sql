ALTER TABLE "author" ALTER COLUMN "website" SET DATA TYPE varchar(500);

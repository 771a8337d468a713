CREATE TABLE `auth_user` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password` text NOT NULL,
	`is_admin` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `auth_user_username_unique` ON `auth_user` (`username`);
--> statement-breakpoint
CREATE TABLE `auth_token` (
	`key` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `auth_user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `auth_token_user_id_unique` ON `auth_token` (`user_id`);
--> statement-breakpoint
CREATE TABLE `author` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`website` text,
	`bio` text,
	`royalty_rate` real,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `author_name_unique` ON `author` (`name`);
--> statement-breakpoint
CREATE TABLE `book` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`author` integer NOT NULL,
	`status` text,
	`price` text,
	`rating` real,
	`pages` integer,
	`published_on` text,
	`in_print` integer NOT NULL,
	`added_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`sequel_to` text,
	`format` text,
	`copies` integer,
	FOREIGN KEY (`author`) REFERENCES `author`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`sequel_to`) REFERENCES `book`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `loan` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`book` text NOT NULL,
	`borrower` text NOT NULL,
	`due_on` text NOT NULL,
	`returned` integer NOT NULL,
	`copy_number` integer NOT NULL,
	`returned_at` text,
	`fine` text,
	`ticket` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`book`) REFERENCES `book`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loan_ticket_unique` ON `loan` (`ticket`);
--> statement-breakpoint
CREATE INDEX `author_ordering_idx` ON `author` (`created_at`,`id`);
--> statement-breakpoint
CREATE INDEX `book_author_idx` ON `book` (`author`);
--> statement-breakpoint
CREATE INDEX `book_sequel_to_idx` ON `book` (`sequel_to`);
--> statement-breakpoint
CREATE INDEX `book_ordering_idx` ON `book` (`added_at`,`id`);
--> statement-breakpoint
CREATE INDEX `loan_book_idx` ON `loan` (`book`);
--> statement-breakpoint
CREATE INDEX `loan_ordering_idx` ON `loan` (`created_at`,`id`);

CREATE TABLE `incidents` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`severity` text NOT NULL,
	`category` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`fingerprint` text NOT NULL,
	`target_namespace` text,
	`target_name` text,
	`diagnosis_text` text NOT NULL,
	`details_text` text NOT NULL,
	`resource` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_id_unique` ON `incidents` (`id`);--> statement-breakpoint
CREATE INDEX `incidents_created_at_idx` ON `incidents` (`created_at`);--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`);--> statement-breakpoint
CREATE INDEX `incidents_severity_idx` ON `incidents` (`severity`);--> statement-breakpoint
CREATE TABLE `knowledge_entries` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`tags` text NOT NULL,
	`category` text NOT NULL,
	`created_at` integer,
	`resource` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_entries_id_unique` ON `knowledge_entries` (`id`);--> statement-breakpoint
CREATE INDEX `knowledge_entries_category_idx` ON `knowledge_entries` (`category`);--> statement-breakpoint
CREATE INDEX `knowledge_entries_created_at_idx` ON `knowledge_entries` (`created_at`);
DROP INDEX `incidents_created_at_idx`;--> statement-breakpoint
DROP INDEX `incidents_status_idx`;--> statement-breakpoint
DROP INDEX `incidents_severity_idx`;--> statement-breakpoint
CREATE INDEX `incidents_created_id_idx` ON `incidents` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_status_created_idx` ON `incidents` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_severity_created_idx` ON `incidents` (`severity`,`created_at`,`id`);
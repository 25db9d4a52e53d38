-- Full-text indexes over incidents and knowledge entries (FTS5, external content).
-- The trigram tokenizer indexes every 3-character window, so it finds words in
-- Chinese text, which has no spaces, as well as in English (case-insensitive).
-- Triggers keep each index equal to its table; updates that leave the text
-- alone (status changes, deletion marks) do not touch the index.
CREATE VIRTUAL TABLE `incidents_fts` USING fts5(
	title, diagnosis_text, details_text,
	content = 'incidents', content_rowid = 'seq', tokenize = 'trigram'
);
--> statement-breakpoint
CREATE TRIGGER `incidents_fts_insert` AFTER INSERT ON `incidents` BEGIN
	INSERT INTO incidents_fts (rowid, title, diagnosis_text, details_text)
	VALUES (new.seq, new.title, new.diagnosis_text, new.details_text);
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_fts_delete` AFTER DELETE ON `incidents` BEGIN
	INSERT INTO incidents_fts (incidents_fts, rowid, title, diagnosis_text, details_text)
	VALUES ('delete', old.seq, old.title, old.diagnosis_text, old.details_text);
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_fts_update` AFTER UPDATE ON `incidents`
WHEN old.title IS NOT new.title
	OR old.diagnosis_text IS NOT new.diagnosis_text
	OR old.details_text IS NOT new.details_text
	OR old.seq IS NOT new.seq
BEGIN
	INSERT INTO incidents_fts (incidents_fts, rowid, title, diagnosis_text, details_text)
	VALUES ('delete', old.seq, old.title, old.diagnosis_text, old.details_text);
	INSERT INTO incidents_fts (rowid, title, diagnosis_text, details_text)
	VALUES (new.seq, new.title, new.diagnosis_text, new.details_text);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_entries_fts` USING fts5(
	title, content, tags,
	content = 'knowledge_entries', content_rowid = 'seq', tokenize = 'trigram'
);
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_fts_insert` AFTER INSERT ON `knowledge_entries` BEGIN
	INSERT INTO knowledge_entries_fts (rowid, title, content, tags)
	VALUES (new.seq, new.title, new.content, new.tags);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_fts_delete` AFTER DELETE ON `knowledge_entries` BEGIN
	INSERT INTO knowledge_entries_fts (knowledge_entries_fts, rowid, title, content, tags)
	VALUES ('delete', old.seq, old.title, old.content, old.tags);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_fts_update` AFTER UPDATE ON `knowledge_entries`
WHEN old.title IS NOT new.title
	OR old.content IS NOT new.content
	OR old.tags IS NOT new.tags
	OR old.seq IS NOT new.seq
BEGIN
	INSERT INTO knowledge_entries_fts (knowledge_entries_fts, rowid, title, content, tags)
	VALUES ('delete', old.seq, old.title, old.content, old.tags);
	INSERT INTO knowledge_entries_fts (rowid, title, content, tags)
	VALUES (new.seq, new.title, new.content, new.tags);
END;

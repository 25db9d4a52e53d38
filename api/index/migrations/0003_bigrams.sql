-- Two-character search (see bigrams.ts): per row, the distinct two-character
-- windows of the text columns the trigram index holds, one hex token each.
-- Contentless (the tokens are never read back) with rowid = seq, detail=none
-- (a term is one token: no positions needed), and the ascii tokenizer, which
-- keeps each [0-9a-fx]+ token whole. contentless_delete lets the triggers
-- delete by rowid without recomputing the old tokens.
--
-- The triggers call kubefix_bigrams() and kubefix_bigrams_deferred(),
-- application functions that database.ts registers on its connection before
-- migrating (bigram-triggers.ts): a connection without them (the sqlite3
-- shell) can read the index but not write rows. While a sync runs in bulk
-- mode, deferred() is true: the triggers insert no tokens, and the sync fills
-- the rows left without tokens in one statement at its end.
CREATE VIRTUAL TABLE `incidents_bigrams` USING fts5(
	grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
);
--> statement-breakpoint
CREATE TRIGGER `incidents_bigrams_insert` AFTER INSERT ON `incidents`
WHEN NOT kubefix_bigrams_deferred()
BEGIN
	INSERT INTO incidents_bigrams (rowid, grams)
	VALUES (new.seq, kubefix_bigrams(new.title, new.diagnosis_text, new.details_text));
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_bigrams_delete` AFTER DELETE ON `incidents` BEGIN
	DELETE FROM incidents_bigrams WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_bigrams_update` AFTER UPDATE ON `incidents`
WHEN old.title IS NOT new.title
	OR old.diagnosis_text IS NOT new.diagnosis_text
	OR old.details_text IS NOT new.details_text
	OR old.seq IS NOT new.seq
BEGIN
	DELETE FROM incidents_bigrams WHERE rowid = old.seq;
	INSERT INTO incidents_bigrams (rowid, grams)
	SELECT new.seq, kubefix_bigrams(new.title, new.diagnosis_text, new.details_text)
	WHERE NOT kubefix_bigrams_deferred();
END;
--> statement-breakpoint
-- Backfill: every row, history (deleted_at set) included, of an index created before this migration.
INSERT INTO incidents_bigrams (rowid, grams)
SELECT seq, kubefix_bigrams(title, diagnosis_text, details_text) FROM incidents;
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_entries_bigrams` USING fts5(
	grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
);
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_bigrams_insert` AFTER INSERT ON `knowledge_entries`
WHEN NOT kubefix_bigrams_deferred()
BEGIN
	INSERT INTO knowledge_entries_bigrams (rowid, grams)
	VALUES (new.seq, kubefix_bigrams(new.title, new.content, new.tags));
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_bigrams_delete` AFTER DELETE ON `knowledge_entries` BEGIN
	DELETE FROM knowledge_entries_bigrams WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_bigrams_update` AFTER UPDATE ON `knowledge_entries`
WHEN old.title IS NOT new.title
	OR old.content IS NOT new.content
	OR old.tags IS NOT new.tags
	OR old.seq IS NOT new.seq
BEGIN
	DELETE FROM knowledge_entries_bigrams WHERE rowid = old.seq;
	INSERT INTO knowledge_entries_bigrams (rowid, grams)
	SELECT new.seq, kubefix_bigrams(new.title, new.content, new.tags)
	WHERE NOT kubefix_bigrams_deferred();
END;
--> statement-breakpoint
INSERT INTO knowledge_entries_bigrams (rowid, grams)
SELECT seq, kubefix_bigrams(title, content, tags) FROM knowledge_entries;

CREATE TABLE status (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            position INTEGER NOT NULL DEFAULT 0
        );

CREATE TABLE posting (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'saved'
                REFERENCES status(name) ON UPDATE CASCADE ON DELETE RESTRICT,
            notes TEXT NOT NULL DEFAULT '',
            hand_edited INTEGER NOT NULL DEFAULT 0,
            fields TEXT NOT NULL DEFAULT '{}',
            kind TEXT NOT NULL DEFAULT 'text',
            source_name TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL
        , minhash BLOB, near_duplicate_of INTEGER REFERENCES posting(id) ON DELETE SET NULL, similarity REAL, location TEXT NOT NULL DEFAULT '', pay TEXT NOT NULL DEFAULT '', workplace TEXT NOT NULL DEFAULT '', employment_type TEXT NOT NULL DEFAULT '', sponsorship TEXT NOT NULL DEFAULT '', pay_min REAL, pay_max REAL, pay_currency TEXT NOT NULL DEFAULT '', pay_period TEXT NOT NULL DEFAULT '', rule_set INTEGER REFERENCES rule_set(id));

CREATE TABLE tag (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );

CREATE TABLE posting_tag (
            posting_id INTEGER NOT NULL REFERENCES posting(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
            PRIMARY KEY (posting_id, tag_id)
        ) WITHOUT ROWID;

CREATE INDEX posting_tag_by_tag ON posting_tag(tag_id, posting_id);

CREATE INDEX posting_by_hash ON posting(content_hash);

CREATE INDEX posting_by_created ON posting(created_at, id);

CREATE INDEX posting_by_status ON posting(status);

CREATE VIRTUAL TABLE posting_fts USING fts5(
            title, company, cleaned,
            content='posting_search_view', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        );

CREATE TABLE minhash_band (
            band INTEGER NOT NULL,
            posting_id INTEGER NOT NULL REFERENCES posting(id) ON DELETE CASCADE,
            PRIMARY KEY (band, posting_id)
        ) WITHOUT ROWID;

CREATE INDEX minhash_band_by_posting ON minhash_band(posting_id);

CREATE INDEX posting_by_near_duplicate ON posting(near_duplicate_of);

CREATE INDEX posting_by_updated ON posting(updated_at, id);

CREATE INDEX posting_by_title ON posting(title COLLATE NOCASE, id);

CREATE INDEX posting_by_company ON posting(company COLLATE NOCASE, id);

CREATE INDEX posting_by_site ON posting(site, id);

CREATE TABLE library_meta (
            key TEXT PRIMARY KEY,
            value
        ) WITHOUT ROWID;

CREATE TRIGGER posting_order_ai AFTER INSERT ON posting
        WHEN EXISTS (SELECT 1 FROM posting o WHERE o.created_at > new.created_at
                     AND o.id < new.id)
          OR EXISTS (SELECT 1 FROM posting o WHERE o.id > new.id
                     AND o.created_at < new.created_at)
        BEGIN
            UPDATE library_meta SET value = 0 WHERE key = 'saved_in_id_order';
        END;

CREATE TRIGGER posting_order_ad AFTER DELETE ON posting
        WHEN NOT EXISTS (SELECT 1 FROM posting)
        BEGIN
            UPDATE library_meta SET value = 1 WHERE key = 'saved_in_id_order';
        END;

CREATE INDEX posting_by_workplace ON posting(workplace, id);

CREATE INDEX posting_by_employment_type ON posting(employment_type, id);

CREATE INDEX posting_by_sponsorship ON posting(sponsorship, id);

CREATE INDEX posting_by_pay_min ON posting(pay_min, id);

CREATE INDEX posting_by_pay_max ON posting(pay_max, id);

CREATE TABLE rule_set (
            id INTEGER PRIMARY KEY,
            digest TEXT NOT NULL UNIQUE,
            rules TEXT NOT NULL
        );

CREATE INDEX posting_by_rule_set ON posting(rule_set);

CREATE TABLE "posting_text" (
                posting_id INTEGER PRIMARY KEY REFERENCES posting(id) ON DELETE CASCADE,
                raw BLOB,
                source BLOB,
                cleaned TEXT NOT NULL
            );

CREATE VIEW posting_search_view AS
            SELECT p.id AS id, p.title AS title, p.company AS company,
                   CASE WHEN length(CAST(t.cleaned AS BLOB)) > 3000000 THEN substr(t.cleaned, 1, 1000000) ELSE t.cleaned END AS cleaned
            FROM posting p JOIN posting_text t ON t.posting_id = p.id;

CREATE TRIGGER posting_text_au AFTER UPDATE OF cleaned ON posting_text
        BEGIN
            INSERT INTO posting_fts(posting_fts, rowid, title, company, cleaned)
                SELECT 'delete', old.posting_id, p.title, p.company, CASE WHEN length(CAST(old.cleaned AS BLOB)) > 3000000 THEN substr(old.cleaned, 1, 1000000) ELSE old.cleaned END
                FROM posting p WHERE p.id = old.posting_id;
            INSERT INTO posting_fts(rowid, title, company, cleaned)
                SELECT new.posting_id, p.title, p.company, CASE WHEN length(CAST(new.cleaned AS BLOB)) > 3000000 THEN substr(new.cleaned, 1, 1000000) ELSE new.cleaned END
                FROM posting p WHERE p.id = new.posting_id;
        END;

CREATE TRIGGER posting_au AFTER UPDATE OF title, company ON posting
        BEGIN
            INSERT INTO posting_fts(posting_fts, rowid, title, company, cleaned)
                SELECT 'delete', old.id, old.title, old.company, CASE WHEN length(CAST(t.cleaned AS BLOB)) > 3000000 THEN substr(t.cleaned, 1, 1000000) ELSE t.cleaned END
                FROM posting_text t WHERE t.posting_id = old.id;
            INSERT INTO posting_fts(rowid, title, company, cleaned)
                SELECT new.id, new.title, new.company, CASE WHEN length(CAST(t.cleaned AS BLOB)) > 3000000 THEN substr(t.cleaned, 1, 1000000) ELSE t.cleaned END
                FROM posting_text t WHERE t.posting_id = new.id;
        END;

CREATE TRIGGER posting_bd BEFORE DELETE ON posting BEGIN
            INSERT INTO posting_fts(posting_fts, rowid, title, company, cleaned)
                SELECT 'delete', old.id, old.title, old.company, CASE WHEN length(CAST(t.cleaned AS BLOB)) > 3000000 THEN substr(t.cleaned, 1, 1000000) ELSE t.cleaned END
                FROM posting_text t WHERE t.posting_id = old.id;
        END;

INSERT INTO status(name, position) VALUES ('saved', 0);

INSERT INTO status(name, position) VALUES ('applied', 1);

INSERT INTO status(name, position) VALUES ('interviewing', 2);

INSERT INTO status(name, position) VALUES ('offer', 3);

INSERT INTO status(name, position) VALUES ('rejected', 4);

INSERT INTO status(name, position) VALUES ('archived', 5);

PRAGMA application_id = 1245858628;

PRAGMA user_version = 7;

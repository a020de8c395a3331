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
            rules TEXT NOT NULL DEFAULT '[]',
            fields TEXT NOT NULL DEFAULT '{}',
            kind TEXT NOT NULL DEFAULT 'text',
            source_name TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL
        );

CREATE TABLE posting_text (
            posting_id INTEGER PRIMARY KEY REFERENCES posting(id) ON DELETE CASCADE,
            raw TEXT NOT NULL,
            source TEXT NOT NULL,
            cleaned TEXT NOT NULL
        );

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

INSERT INTO status(name, position) VALUES ('saved', 0);

INSERT INTO status(name, position) VALUES ('applied', 1);

INSERT INTO status(name, position) VALUES ('interviewing', 2);

INSERT INTO status(name, position) VALUES ('offer', 3);

INSERT INTO status(name, position) VALUES ('rejected', 4);

INSERT INTO status(name, position) VALUES ('archived', 5);

PRAGMA application_id = 1245858628;

PRAGMA user_version = 1;

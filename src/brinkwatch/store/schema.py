"""The SQLite schema as named, ordered migrations (append only; never edit an old one).

``PRAGMA user_version`` holds how many migrations a store has had. Plain tables and views,
so Datasette or any SQL client can open the file.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            title TEXT,
            outlet TEXT,
            url TEXT,
            published TEXT,
            published_source TEXT NOT NULL DEFAULT 'unknown',
            published_evidence TEXT,
            language TEXT,
            source_path TEXT NOT NULL,
            external_id TEXT,
            fingerprint TEXT NOT NULL,
            signature BLOB,
            shingles INTEGER,
            added_at TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents(published);
        CREATE TABLE copies (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source_path TEXT NOT NULL,
            outlet TEXT,
            url TEXT,
            published TEXT,
            kind TEXT NOT NULL,
            similarity REAL NOT NULL DEFAULT 1.0,
            PRIMARY KEY (doc_id, source_path)
        );
        CREATE TABLE lsh_keys (
            key TEXT NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (key, doc_id)
        ) WITHOUT ROWID;
        CREATE TABLE analyses (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            analyzer_version TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TABLE problems (
            source_path TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (source_path, stage, reason)
        );
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            inputs TEXT NOT NULL,
            stats TEXT
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid'
        );
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;

        -- Derived tables: rebuilt from documents + analyses by the resolve/derive stages.
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            first_date TEXT,
            last_date TEXT,
            thread TEXT,
            key_entities TEXT
        );
        CREATE TABLE story_documents (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (story_id, doc_id)
        );
        CREATE TABLE document_dates (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            anchor_date TEXT,
            anchor_source TEXT NOT NULL,
            reason TEXT
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            country TEXT,
            role TEXT,
            aliases TEXT NOT NULL,
            merge_reasons TEXT
        );
        CREATE TABLE mentions (
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (doc_id, start, end)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            date TEXT,
            date_precision TEXT,
            cameo TEXT NOT NULL,
            cameo_name TEXT,
            root TEXT NOT NULL,
            quad_class INTEGER NOT NULL,
            goldstein REAL NOT NULL,
            plover TEXT,
            acled_type TEXT,
            acled_subtype TEXT,
            source_entity TEXT,
            source_name TEXT,
            source_country TEXT,
            target_entity TEXT,
            target_name TEXT,
            target_country TEXT,
            place_name TEXT,
            place_lat REAL,
            place_lon REAL,
            place_country TEXT,
            fatalities INTEGER,
            injuries INTEGER,
            arrests INTEGER,
            confidence REAL,
            summary TEXT
        );
        CREATE TABLE event_mentions (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (event_id, doc_id, start)
        );
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            property TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE claim_values (
            claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            value REAL,
            low REAL,
            high REAL,
            unit TEXT,
            qualifier TEXT,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            outlet TEXT,
            speaker TEXT,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (claim_id, position)
        );
        CREATE TABLE timeline (
            position INTEGER PRIMARY KEY,
            date TEXT,
            dated_by TEXT NOT NULL,
            event_id TEXT REFERENCES events(id) ON DELETE CASCADE,
            summary TEXT NOT NULL,
            sources TEXT NOT NULL
        );
        CREATE TABLE escalation (
            actor_a TEXT NOT NULL,
            actor_b TEXT NOT NULL,
            period TEXT NOT NULL,
            events INTEGER NOT NULL,
            goldstein_sum REAL NOT NULL,
            q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
            fatalities INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            idx REAL NOT NULL,
            band TEXT NOT NULL,
            PRIMARY KEY (actor_a, actor_b, period)
        );
        """,
    ),
    (
        "0002_imported_events",
        """
        -- Events from public datasets (GDELT 1.0/2.0, ACLED) and our own JSONL event schema,
        -- imported by `brinkwatch import`. Not derived: `run` never clears them.
        CREATE TABLE imported_events (
            id TEXT PRIMARY KEY,              -- dataset ':' native id
            dataset TEXT NOT NULL,            -- gdelt1 | gdelt2 | acled | jsonl (or the file's own)
            native_id TEXT,
            source_file TEXT NOT NULL,
            date TEXT NOT NULL,               -- YYYY-MM-DD
            cameo TEXT,
            root TEXT,
            quad_class INTEGER,
            goldstein REAL,
            event_type TEXT,                  -- ACLED event_type (or our acled type)
            sub_event_type TEXT,
            source_name TEXT,
            source_country TEXT,              -- alpha-3, CAMEO style (Kosovo XKX)
            source_role TEXT,                 -- GOV MIL POL REB IGO CVL MED ...
            target_name TEXT,
            target_country TEXT,
            target_role TEXT,
            place_name TEXT,
            place_lat REAL,
            place_lon REAL,
            place_country TEXT,               -- as the dataset gives it (GDELT: FIPS 10-4)
            fatalities INTEGER,
            sources INTEGER,                  -- sources reporting the event (GDELT NumSources)
            mentions INTEGER,
            tone REAL,
            url TEXT
        );
        CREATE INDEX imported_events_date ON imported_events(date);

        -- Every event the signals read: our coded events and the imported ones, one shape.
        CREATE VIEW signal_events AS
            SELECT 'brinkwatch' AS dataset, e.id AS id, e.date AS date, e.cameo AS cameo,
                   e.root AS root, e.quad_class AS quad_class, e.goldstein AS goldstein,
                   e.source_name AS source_name, e.source_country AS source_country,
                   se.role AS source_role, e.target_name AS target_name,
                   e.target_country AS target_country, te.role AS target_role,
                   e.fatalities AS fatalities,
                   (SELECT count(DISTINCT m.doc_id) FROM event_mentions m WHERE m.event_id = e.id)
                       AS sources
            FROM events e
            LEFT JOIN entities se ON se.id = e.source_entity
            LEFT JOIN entities te ON te.id = e.target_entity
            UNION ALL
            SELECT dataset, id, date, cameo, root, quad_class, goldstein, source_name,
                   source_country, source_role, target_name, target_country, target_role,
                   fatalities, sources
            FROM imported_events;

        -- More columns on the weekly escalation rows (see docs/ESCALATION.md).
        ALTER TABLE escalation ADD COLUMN goldstein_mean REAL;
        ALTER TABLE escalation ADD COLUMN conflict REAL;
        ALTER TABLE escalation ADD COLUMN baseline_4 REAL;
        ALTER TABLE escalation ADD COLUMN baseline_52 REAL;
        ALTER TABLE escalation ADD COLUMN band_52 TEXT;
        ALTER TABLE escalation ADD COLUMN datasets TEXT;
        """,
    ),
    (
        "0003_imported_dyad_index",
        """
        -- The merged timeline and /api/imported_events filter imported events by dyad: one
        -- index lookup per direction instead of a scan of millions of rows.
        CREATE INDEX imported_events_dyad ON imported_events(source_country, target_country, date);
        """,
    ),
    (
        "0004_story_archive",
        """
        -- Stories the clusterer retired from memory (resolve/_story_archive.py): no article in
        -- date order can join them any more. Part of the clusterer's saved state, not derived.
        CREATE TABLE story_archive (
            id TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            first_day INTEGER,
            root TEXT NOT NULL,      -- thread root (an alias target, kept resolved)
            summary TEXT NOT NULL    -- the story as StoryClusterer.stories() lists it (JSON)
        );
        CREATE INDEX story_archive_root ON story_archive(root);
        CREATE TABLE story_archive_documents (
            doc_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE story_archive_aliases (root TEXT PRIMARY KEY, target TEXT NOT NULL);
        """,
    ),
]

DERIVED_TABLES = (
    "timeline",
    "escalation",
    "claim_values",
    "claims",
    "event_mentions",
    "events",
    "mentions",
    "entities",
    "document_dates",
    "story_documents",
    "stories",
)

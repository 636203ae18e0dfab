-- vnews archive: one row per article, one table per fact kind, FTS5 over text.
-- Fact rows go with their article (ON DELETE CASCADE); *_folded columns hold
-- archive::fold() of the name (no diacritics, đ → d, lower case) for search.

CREATE TABLE IF NOT EXISTS articles (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL UNIQUE,
    article_key  TEXT NOT NULL,
    source_url   TEXT,
    title        TEXT NOT NULL,
    date         TEXT,
    content_hash TEXT NOT NULL,
    -- Last, so reading the columns before it never walks its overflow pages.
    text         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);

CREATE TABLE IF NOT EXISTS officials (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL,
    title        TEXT,
    organization TEXT
);
CREATE INDEX IF NOT EXISTS officials_article ON officials(article_id);
CREATE INDEX IF NOT EXISTS officials_name ON officials(name_folded);

CREATE TABLE IF NOT EXISTS official_mentions (
    official_id INTEGER NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS official_mentions_official ON official_mentions(official_id);

CREATE TABLE IF NOT EXISTS places (
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    name_folded      TEXT NOT NULL,
    level            TEXT NOT NULL,
    province         TEXT,
    province_folded  TEXT,
    province_2025    TEXT,
    start            INTEGER NOT NULL,
    "end"            INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS places_article ON places(article_id);
CREATE INDEX IF NOT EXISTS places_name ON places(name_folded);
CREATE INDEX IF NOT EXISTS places_province ON places(province_folded);

CREATE TABLE IF NOT EXISTS dates (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    value         TEXT NOT NULL,
    grain         TEXT NOT NULL,
    inferred_year INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dates_article ON dates(article_id);
CREATE INDEX IF NOT EXISTS dates_value ON dates(value);

CREATE TABLE IF NOT EXISTS scores (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    value         REAL NOT NULL,
    max           REAL,
    unit          TEXT NOT NULL,
    change        INTEGER NOT NULL,
    metric        TEXT,
    metric_folded TEXT,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS scores_article ON scores(article_id);
CREATE INDEX IF NOT EXISTS scores_metric ON scores(metric_folded);

CREATE TABLE IF NOT EXISTS rankings (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    rank       INTEGER,
    total      INTEGER,
    change     INTEGER,
    tier       TEXT,
    scope      TEXT,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rankings_article ON rankings(article_id);

CREATE TABLE IF NOT EXISTS abbreviations (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    abbr       TEXT NOT NULL,
    expansion  TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS abbreviations_article ON abbreviations(article_id);
CREATE INDEX IF NOT EXISTS abbreviations_abbr ON abbreviations(abbr);

-- rowid = articles.id. Searches match the folded columns, so "nguyen van hoa",
-- "Nguyễn Văn Hòa" and "NGUYỄN VĂN HOÀ" find the same articles. Contentless:
-- the text lives in `articles` once; snippets are made from there.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, title_folded, text_folded,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

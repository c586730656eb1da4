-- conflictlens store, schema 1. Offsets (start, "end") are character offsets into documents.text.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    path VARCHAR,
    title VARCHAR,
    author VARCHAR,
    outlet VARCHAR,
    published DATE,
    updated DATE,
    url VARCHAR,
    language VARCHAR,
    source_format VARCHAR,
    encoding VARCHAR,
    removed_chars INTEGER,
    flags VARCHAR[],
    extra STRUCT("key" VARCHAR, "value" VARCHAR)[],
    text VARCHAR,
    n_chars INTEGER,
    pipeline_version VARCHAR,
    analyzed_at TIMESTAMP
);

-- Which stage version produced the stored records of each document.
CREATE TABLE IF NOT EXISTS doc_stages (doc_id VARCHAR, stage VARCHAR, version VARCHAR);

CREATE TABLE IF NOT EXISTS ingest_errors (path VARCHAR, code VARCHAR, message VARCHAR, logged_at TIMESTAMP);

CREATE TABLE IF NOT EXISTS sentences (doc_id VARCHAR, idx INTEGER, start INTEGER, "end" INTEGER, text VARCHAR);

CREATE TABLE IF NOT EXISTS actors (
    actor_id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, cameo_code VARCHAR,
    aliases VARCHAR[], parent VARCHAR, valid_from VARCHAR, valid_to VARCHAR, kb BOOLEAN
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    doc_id VARCHAR, sentence_idx INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
    actor_id VARCHAR, label VARCHAR, method VARCHAR, confidence DOUBLE, unlinked_reason VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR, doc_id VARCHAR, sentence_idx INTEGER, sentence VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER,
    trigger STRUCT(text VARCHAR, start INTEGER, "end" INTEGER),
    actor STRUCT(actor_id VARCHAR, name VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
                 country VARCHAR, cameo_code VARCHAR, type VARCHAR),
    recipient STRUCT(actor_id VARCHAR, name VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
                     country VARCHAR, cameo_code VARCHAR, type VARCHAR),
    event_type VARCHAR, mode VARCHAR, context VARCHAR[],
    cameo_root VARCHAR, cameo_code VARCHAR, quad_class INTEGER,
    negated BOOLEAN, hypothetical BOOLEAN,
    attributed_to STRUCT(actor_id VARCHAR, name VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
                         country VARCHAR, cameo_code VARCHAR, type VARCHAR),
    fatalities INTEGER,
    fatalities_span STRUCT(text VARCHAR, start INTEGER, "end" INTEGER),
    location STRUCT(name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, feature_code VARCHAR,
                    country_code VARCHAR, admin1 VARCHAR, precision VARCHAR, start INTEGER, "end" INTEGER),
    date STRUCT(text VARCHAR, start DATE, "end" DATE, precision VARCHAR, span_start INTEGER, span_end INTEGER),
    confidence DOUBLE, intensity DOUBLE, goldstein DOUBLE
);

CREATE TABLE IF NOT EXISTS place_mentions (
    doc_id VARCHAR, sentence_idx INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
    geonameid BIGINT, name VARCHAR, lat DOUBLE, lon DOUBLE, feature_class VARCHAR, feature_code VARCHAR,
    country_code VARCHAR, admin1 VARCHAR, population BIGINT, role VARCHAR, confidence DOUBLE
);

-- Resolved places: one row per GeoNames id mentioned anywhere.
CREATE OR REPLACE VIEW places AS
SELECT geonameid, any_value(name) AS name, any_value(lat) AS lat, any_value(lon) AS lon,
       any_value(feature_class) AS feature_class, any_value(feature_code) AS feature_code,
       any_value(country_code) AS country_code, any_value(admin1) AS admin1,
       any_value(population) AS population, count(*) AS mention_count,
       list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
FROM place_mentions WHERE geonameid IS NOT NULL AND role = 'place'
GROUP BY geonameid;

CREATE TABLE IF NOT EXISTS dates (
    doc_id VARCHAR, sentence_idx INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
    start_date DATE, end_date DATE, precision VARCHAR, date_source VARCHAR
);

CREATE TABLE IF NOT EXISTS claim_mentions (
    mention_id VARCHAR, doc_id VARCHAR, sentence_idx INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
    claim_type VARCHAR, speaker VARCHAR, speaker_actor_id VARCHAR, actor_ids VARCHAR[],
    claim_id VARCHAR, stance VARCHAR, confidence DOUBLE
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id VARCHAR PRIMARY KEY, label VARCHAR, n_mentions INTEGER, n_documents INTEGER, n_outlets INTEGER
);

-- Sentence embeddings, computed once per sentence and model.
CREATE TABLE IF NOT EXISTS embeddings (doc_id VARCHAR, sentence_idx INTEGER, model VARCHAR, vector FLOAT[]);

-- Analytics (schema 50): outlet alignment table, story events (the same real-world event
-- reported by several documents) and their member events.
CREATE TABLE IF NOT EXISTS outlets (
    outlet VARCHAR PRIMARY KEY,   -- normalised key (lower case), as matched to documents.outlet
    aliases VARCHAR[], name VARCHAR, alignment VARCHAR,
    side VARCHAR,                 -- pro_government, anti_government, neutral
    country VARCHAR, notes VARCHAR
);

CREATE TABLE IF NOT EXISTS story_events (
    story_id VARCHAR PRIMARY KEY,
    event_type VARCHAR, mode VARCHAR, quad_class INTEGER,
    actor_id VARCHAR, actor_name VARCHAR, recipient_id VARCHAR, recipient_name VARCHAR,
    place_name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE,
    date_start DATE, date_end DATE,
    n_events INTEGER, n_documents INTEGER, n_outlets INTEGER,
    outlets VARCHAR[], alignments VARCHAR[], sides VARCHAR[],
    opposite_sides BOOLEAN,       -- reported by pro_government AND anti_government outlets
    corroboration VARCHAR,        -- single_source, corroborated, corroborated_opposite
    mean_intensity DOUBLE, mean_goldstein DOUBLE,
    fatalities_min INTEGER, fatalities_max INTEGER,
    event_ids VARCHAR[], doc_ids VARCHAR[]
);

CREATE TABLE IF NOT EXISTS story_event_members (
    story_id VARCHAR, event_id VARCHAR, doc_id VARCHAR, outlet VARCHAR, alignment VARCHAR, side VARCHAR
);

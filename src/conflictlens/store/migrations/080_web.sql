-- conflictlens web app (issue #8): a read-optimised copy of events for the map, timeline and
-- /api/events.  Written by the 'web.index' corpus stage after each analyze; the app reads it
-- only while its row count equals that of events (else it queries events directly).
-- pos = order by day (newest first), so paging is a cheap ORDER BY pos LIMIT.
CREATE TABLE IF NOT EXISTS web_events (
    pos BIGINT,
    event_id VARCHAR, doc_id VARCHAR, sentence_idx INTEGER, sentence VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER,
    trigger STRUCT(text VARCHAR, start INTEGER, "end" INTEGER),
    actor STRUCT(actor_id VARCHAR, name VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
                 country VARCHAR, cameo_code VARCHAR, type VARCHAR),
    recipient STRUCT(actor_id VARCHAR, name VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
                     country VARCHAR, cameo_code VARCHAR, type VARCHAR),
    attributed_to STRUCT(actor_id VARCHAR, name VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
                         country VARCHAR, cameo_code VARCHAR, type VARCHAR),
    event_type VARCHAR, mode VARCHAR, cameo_code VARCHAR, quad_class INTEGER,
    negated BOOLEAN, hypothetical BOOLEAN, fatalities INTEGER,
    location STRUCT(name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, feature_code VARCHAR,
                    country_code VARCHAR, admin1 VARCHAR, precision VARCHAR, start INTEGER, "end" INTEGER),
    "date" STRUCT(text VARCHAR, start DATE, "end" DATE, precision VARCHAR, span_start INTEGER, span_end INTEGER),
    confidence DOUBLE,
    day DATE, outlet VARCHAR, title VARCHAR,
    src VARCHAR, tgt VARCHAR
);

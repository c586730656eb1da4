-- Analytics (schema 51): corroboration per event, for the report and the web app's badge
-- ("reported by 3 outlets, both sides"). One row per event that belongs to a story event.
CREATE OR REPLACE VIEW event_corroboration AS
SELECT m.event_id, m.doc_id, s.story_id, s.n_outlets, s.n_documents, s.n_events, s.outlets, s.sides,
       s.opposite_sides, s.corroboration,
       CASE
           WHEN s.n_outlets >= 2 THEN 'reported by ' || s.n_outlets || ' outlets'
                || CASE WHEN s.opposite_sides THEN ', both sides' ELSE '' END
           WHEN s.n_outlets = 1 AND s.n_documents >= 2 THEN 'single source (' || s.outlets[1] || ', '
                || s.n_documents || ' articles)'
           WHEN s.n_outlets = 1 THEN 'single source (' || s.outlets[1] || ')'
           WHEN s.n_documents >= 2 THEN 'reported by ' || s.n_documents || ' articles, outlets unknown'
           ELSE 'single article, outlet unknown'
       END AS badge
FROM story_event_members m JOIN story_events s USING (story_id);

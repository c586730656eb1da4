-- Claims (schema 90): the proposition frame a claim mention states, if any
-- ("OUTCOME|gain|end-of-war|neg", claims/frames.py); claims.cluster groups mentions of one
-- frame across documents whatever their sentence vectors.
ALTER TABLE claim_mentions ADD COLUMN IF NOT EXISTS frame VARCHAR;

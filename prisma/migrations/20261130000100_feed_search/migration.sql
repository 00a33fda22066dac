-- Indexes for the worker's feed (task.feed in src/lib/server/feed.ts), all on open tasks only: the feed
-- shows nothing else, and the indexes stay small as finished tasks pile up. Prisma's schema language
-- cannot express these (expression, partial, GIN and GiST indexes), so they live here only.

-- Text search: every word must appear in the title, description or address (ILIKE '%word%', the three
-- joined by newlines, which a word never contains). Words of 3+ characters use pg_trgm's trigrams.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Task_open_text_trgm_idx" ON "Task"
    USING gin (("title" || E'\n' || "description" || E'\n' || "address") gin_trgm_ops)
    WHERE "status" = 'OPEN';

-- A word of 1 or 2 characters (搬家, 维修, 修, TV) has no trigram, so pg_trgm would read the whole index.
-- These words are looked up among the text's own characters and pairs of characters (lower case), as
-- pg_bigm does; ILIKE then confirms the match. Pairs: the text cut in twos from its first and from its
-- second character (GIN drops the duplicates).
CREATE FUNCTION "task_search_grams"(doc text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT string_to_array(lowered, NULL)
        || ARRAY(SELECT pair[1] FROM regexp_matches(lowered, '..', 'g') AS pair)
        || ARRAY(SELECT pair[1] FROM regexp_matches(substr(lowered, 2), '..', 'g') AS pair)
    FROM lower(doc) AS lowered
$$;
CREATE INDEX "Task_open_text_grams_idx" ON "Task"
    USING gin ("task_search_grams"("title" || E'\n' || "description" || E'\n' || "address"))
    WHERE "status" = 'OPEN';

-- Sort orders other than newest (which uses Task_status_createdAt_id_idx), each with its keyset.
CREATE INDEX "Task_open_bounty_idx" ON "Task" ("bounty" DESC, "id" DESC) WHERE "status" = 'OPEN';
-- Tasks without an end come last: they sort as if they ended at 'infinity'.
CREATE INDEX "Task_open_ending_idx" ON "Task" ((coalesce("endsAt", 'infinity'::timestamptz)), "id")
    WHERE "status" = 'OPEN';

-- Near a place: a bounding box on (lng, lat) narrows the candidates before the exact distance.
CREATE INDEX "Task_open_place_idx" ON "Task" USING gist ((point("lng", "lat")))
    WHERE "status" = 'OPEN' AND "lat" IS NOT NULL AND "lng" IS NOT NULL;

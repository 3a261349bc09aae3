namespace G4F.Backend.PostgreSql.Schema;

/// <summary>
/// The schema, step by step. Values are plain <c>text</c> and <c>bytea</c> (PostgreSQL compresses large values itself);
/// a delete deletes rows. Text that clients choose and PostgreSQL's <c>text</c> cannot hold (a NUL character) is kept as
/// UTF-8 <c>bytea</c>: cache keys, and the user, model and provider of usage lines. A usage line keeps its JSON as sent
/// beside the fields <c>/stats</c> counts, already read by the statistics' rules, so the database sums without parsing JSON.
/// Every table is prefixed <c>g4f_</c> so the backend can share a database with the host's own tables.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "shares, usage, cookies, caches", """
            CREATE TABLE g4f_bucket_owners (
                bucket_id text PRIMARY KEY,
                owner text NOT NULL);

            CREATE TABLE g4f_chat_shares (
                share_id text PRIMARY KEY,
                updated bigint NOT NULL,
                content bytea NOT NULL,
                written_at timestamptz NOT NULL DEFAULT clock_timestamp());

            CREATE TABLE g4f_usage_lines (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                day date NOT NULL,
                user_name bytea NOT NULL,
                model bytea NOT NULL,
                provider bytea NOT NULL,
                prompt_tokens bigint NOT NULL,
                completion_tokens bigint NOT NULL,
                saved_tokens bigint NOT NULL,
                total_tokens bigint NOT NULL,
                line bytea NOT NULL);
            CREATE INDEX g4f_usage_lines_day ON g4f_usage_lines (day, id);
            CREATE INDEX g4f_usage_lines_user_day ON g4f_usage_lines (user_name, day);

            CREATE TABLE g4f_client_log_lines (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                day date NOT NULL,
                line bytea NOT NULL);
            CREATE INDEX g4f_client_log_lines_day ON g4f_client_log_lines (day, id);

            CREATE TABLE g4f_cookie_files (
                file_name text PRIMARY KEY,
                content bytea NOT NULL,
                written bigint NOT NULL);
            CREATE SEQUENCE g4f_cookie_files_written;

            CREATE TABLE g4f_cache_entries (
                cache text NOT NULL,
                key bytea NOT NULL,
                value bytea NOT NULL,
                expires_at timestamptz NOT NULL,
                PRIMARY KEY (cache, key));
            CREATE INDEX g4f_cache_entries_expires ON g4f_cache_entries (expires_at);
            """),

        // Memory items. The search vector is built by the store (its own tokenizer, the embedded store's word rules) and
        // carries one extra lexeme, the user's token, so one GIN look-up intersects the user's rows with the query's
        // words instead of ranking every user's matches. (user_id, created_at, seq) serves the newest-first pages.
        new(2, "memory", """
            CREATE TABLE g4f_memories (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                user_id bytea NOT NULL,
                conversation_id bytea NOT NULL,
                position integer NOT NULL,
                role bytea NOT NULL,
                content bytea NOT NULL,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                search tsvector NOT NULL,
                UNIQUE (user_id, conversation_id, position));
            CREATE INDEX g4f_memories_user_created ON g4f_memories (user_id, created_at DESC, seq DESC);
            CREATE INDEX g4f_memories_search ON g4f_memories USING gin (search);
            """),

        // Bucket files and media blobs: a row per version, its bytes in 256 KiB chunks. A version is current while
        // released_at is null (one current version a name); a replaced or deleted version is released and its chunks stay
        // for a grace period, so a reader that opened it may finish. The kind is the bucket area (0-4) or 10 + the media
        // area; bucket_id is '' for media outside a bucket.
        new(3, "blobs", """
            CREATE TABLE g4f_blobs (
                blob_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind smallint NOT NULL,
                bucket_id text NOT NULL,
                name text NOT NULL,
                length bigint NOT NULL,
                written_at timestamptz NOT NULL,
                released_at timestamptz);
            CREATE UNIQUE INDEX g4f_blobs_current ON g4f_blobs (bucket_id, kind, name) WHERE released_at IS NULL;
            CREATE INDEX g4f_blobs_current_kind ON g4f_blobs (kind) WHERE released_at IS NULL;
            CREATE INDEX g4f_blobs_released ON g4f_blobs (released_at) WHERE released_at IS NOT NULL;

            CREATE TABLE g4f_blob_chunks (
                blob_id bigint NOT NULL REFERENCES g4f_blobs ON DELETE CASCADE,
                chunk integer NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (blob_id, chunk));
            ALTER TABLE g4f_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
            """),

        // /stats from running totals: a row per (day, user, model, provider), kept by a statement trigger in the transaction
        // of every insert of usage lines (one row or a COPY of millions), so the window's grouping reads some thousands of
        // rows instead of every line (3M lines: seconds before, milliseconds after). Sums are numeric, so they never
        // overflow; the query saturates them at bigint's maximum as before. The lines stay the record (/usage/{date}).
        new(4, "usage totals", """
            CREATE TABLE g4f_usage_totals (
                day date NOT NULL,
                user_name bytea NOT NULL,
                model bytea NOT NULL,
                provider bytea NOT NULL,
                requests bigint NOT NULL,
                prompt_tokens numeric NOT NULL,
                completion_tokens numeric NOT NULL,
                saved_tokens numeric NOT NULL,
                total_tokens numeric NOT NULL,
                PRIMARY KEY (day, user_name, model, provider));

            CREATE FUNCTION g4f_usage_totals_add() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                INSERT INTO g4f_usage_totals AS t (day, user_name, model, provider, requests, prompt_tokens, completion_tokens, saved_tokens, total_tokens)
                SELECT day, user_name, model, provider, count(*), sum(prompt_tokens), sum(completion_tokens), sum(saved_tokens), sum(total_tokens)
                FROM added
                GROUP BY day, user_name, model, provider
                ORDER BY day, user_name, model, provider
                ON CONFLICT (day, user_name, model, provider) DO UPDATE SET
                    requests = t.requests + excluded.requests,
                    prompt_tokens = t.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = t.completion_tokens + excluded.completion_tokens,
                    saved_tokens = t.saved_tokens + excluded.saved_tokens,
                    total_tokens = t.total_tokens + excluded.total_tokens;
                RETURN NULL;
            END
            $body$;

            CREATE TRIGGER g4f_usage_totals_add AFTER INSERT ON g4f_usage_lines
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION g4f_usage_totals_add();

            INSERT INTO g4f_usage_totals (day, user_name, model, provider, requests, prompt_tokens, completion_tokens, saved_tokens, total_tokens)
            SELECT day, user_name, model, provider, count(*), sum(prompt_tokens), sum(completion_tokens), sum(saved_tokens), sum(total_tokens)
            FROM g4f_usage_lines
            GROUP BY day, user_name, model, provider;
            """),

        // Memory words keyed by their user: every word lexeme of a vector is prefixed with the user's key (the first 6 hex
        // characters of the SHA-256 of user_id, as MemoryUser derives it), so a word's GIN posting list and a prefix's
        // range hold the user's items alone instead of every user's. Positions and the user's token stay, so ranks do not
        // change; words the key makes too long for a lexeme (over 2040 bytes) drop out of the search, as for new items.
        // ALTER ... TYPE rewrites the table compactly and builds each index once; an UPDATE left every row's old version
        // behind (the table twice its size, and searches measured twice as slow until it was compacted).
        new(5, "memory words keyed by user", """
            CREATE FUNCTION g4f_memory_keyed(user_id bytea, search tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $body$
                SELECT coalesce(string_agg(CASE
                    WHEN e.positions IS NULL THEN '''' || replace(replace(e.lexeme, '\', '\\'), '''', '''''') || ''''
                    ELSE '''' || left(encode(sha256(user_id), 'hex'), 6) || replace(replace(e.lexeme, '\', '\\'), '''', '''''')
                        || ''':' || array_to_string(e.positions, ',')
                    END, ' '), '')::tsvector
                FROM unnest(search) AS e
                WHERE e.positions IS NULL OR octet_length(e.lexeme) <= 2040
            $body$;
            ALTER TABLE g4f_memories ALTER COLUMN search TYPE tsvector USING g4f_memory_keyed(user_id, search);
            DROP FUNCTION g4f_memory_keyed(bytea, tsvector);
            """),

        // Each user's count of memory items, kept by statement triggers in the transaction of every insert and delete, so a
        // list page's total is one row instead of counting the user's index range (11 ms of a page at 100k items). The
        // triggers come first: their lock on g4f_memories waits for writers in flight and holds off new ones until this
        // commits, so the count below sees every row and misses none. user_id never changes (the store never updates it).
        new(6, "memory counts", """
            CREATE TABLE g4f_memory_counts (
                user_id bytea PRIMARY KEY,
                items bigint NOT NULL);

            CREATE FUNCTION g4f_memory_counts_add() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                INSERT INTO g4f_memory_counts AS c (user_id, items)
                SELECT user_id, count(*) FROM added GROUP BY user_id ORDER BY user_id
                ON CONFLICT (user_id) DO UPDATE SET items = c.items + excluded.items;
                RETURN NULL;
            END
            $body$;

            CREATE FUNCTION g4f_memory_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                UPDATE g4f_memory_counts AS c SET items = c.items - r.items
                FROM (SELECT user_id, count(*) AS items FROM removed GROUP BY user_id ORDER BY user_id) AS r
                WHERE c.user_id = r.user_id;
                DELETE FROM g4f_memory_counts WHERE items <= 0 AND user_id IN (SELECT user_id FROM removed);
                RETURN NULL;
            END
            $body$;

            CREATE TRIGGER g4f_memory_counts_add AFTER INSERT ON g4f_memories
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION g4f_memory_counts_add();
            CREATE TRIGGER g4f_memory_counts_remove AFTER DELETE ON g4f_memories
                REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION g4f_memory_counts_remove();

            INSERT INTO g4f_memory_counts (user_id, items) SELECT user_id, count(*) FROM g4f_memories GROUP BY user_id;
            """),

        // The cache cap: a cache's entries by expiry, so the sweep that keeps a cache at its limit scans that cache's
        // newest-expiring rows backwards and stops at the limit, instead of sorting the cache. No key in it: keys may be
        // long, and ties of expiry at the boundary go together.
        new(7, "cache entries by cache and expiry", """
            CREATE INDEX IF NOT EXISTS g4f_cache_entries_cache_expires ON g4f_cache_entries (cache, expires_at);
            """),

        // A usage line's identity (UsageLine.Id), so an append retried after its commit's reply was lost inserts nothing
        // (ON CONFLICT DO NOTHING) and the totals trigger, which sees only rows inserted, counts the line once. Nullable:
        // adding it is a catalog change, not a rewrite of millions of lines; older rows, bulk inserts (an import, a COPY)
        // and lines of an older release keep NULL, which a unique index never matches, and no retry will come for them.
        new(8, "usage line identity", """
            ALTER TABLE g4f_usage_lines ADD COLUMN IF NOT EXISTS line_id uuid;
            CREATE UNIQUE INDEX IF NOT EXISTS g4f_usage_lines_line_id ON g4f_usage_lines (line_id);
            """),
    ];

    public static int Latest => All[^1].Version;
}

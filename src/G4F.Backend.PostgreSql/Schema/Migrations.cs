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
    ];

    public static int Latest => All[^1].Version;
}

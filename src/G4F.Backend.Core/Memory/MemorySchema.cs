using System.Globalization;
using Microsoft.Data.Sqlite;

namespace G4F.Backend.Memory;

/// <summary>
/// The database schema as a list of steps: step <c>n</c> takes a database from <c>PRAGMA user_version</c>
/// <c>n</c> to <c>n + 1</c>. Steps are only ever appended, never edited, so every database ever created
/// upgrades the same way.
/// </summary>
internal static class MemorySchema
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: the items. The (user, conversation, position) key makes re-posting a conversation an update;
        // (user_id, created_at) serves the newest-first list of one user (seq breaks ties).
        """
        CREATE TABLE memories (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL,
            user_token TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (user_id, conversation_id, position)
        );
        CREATE INDEX memories_by_user_created ON memories (user_id, created_at);
        """,

        // 2: full-text search over the items' text (external content: the text is stored once, in memories),
        // with the user's token as a second column so a search reads only the user's part of the index.
        // Prefix indexes for 2 and 3 characters keep short prefix queries from scanning every term.
        """
        CREATE VIRTUAL TABLE memories_fts USING fts5(
            content, user_token,
            content = 'memories', content_rowid = 'seq',
            tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
        CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memories_fts (rowid, content, user_token) VALUES (new.seq, new.content, new.user_token);
        END;
        CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, content, user_token) VALUES ('delete', old.seq, old.content, old.user_token);
        END;
        CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, user_token ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, content, user_token) VALUES ('delete', old.seq, old.content, old.user_token);
            INSERT INTO memories_fts (rowid, content, user_token) VALUES (new.seq, new.content, new.user_token);
        END;
        INSERT INTO memories_fts (memories_fts) VALUES ('rebuild');
        """,
    ];

    public static int LatestVersion => Steps.Count;

    /// <summary>
    /// Applies the missing steps up to <paramref name="targetVersion"/> (default: all), each in its own
    /// immediate transaction that re-reads the version, so two processes opening one file migrate it once.
    /// </summary>
    public static void Migrate(SqliteConnection connection, int? targetVersion = null)
    {
        var target = targetVersion ?? LatestVersion;
        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var version = ReadVersion(connection, transaction);
            if (version > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The memory database has schema version {version}, newer than this version of G4F.Backend knows ({LatestVersion}).");
            }

            if (version >= target)
            {
                transaction.Commit();
                return;
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // PRAGMA takes no parameters; the version is our own integer.
            command.CommandText = Steps[version] + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {version + 1};");
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace G4F.Backend.Memory;

/// <summary>
/// One posted conversation, prepared outside the write lock (ids hashed, empty items left out) and written
/// in one immediate transaction: an upsert per item by (user, conversation, position), then the removal of
/// the positions the conversation no longer has.
/// </summary>
internal sealed class ConversationWrite
{
    // Unchanged items keep their updated_at: the WHERE makes the conflict a no-op for them.
    private const string UpsertSql = """
        INSERT INTO memories (id, user_id, user_token, conversation_id, position, role, content, created_at, updated_at)
        VALUES ($id, $user, $token, $conversation, $position, $role, $content, $now, $now)
        ON CONFLICT (user_id, conversation_id, position) DO UPDATE
            SET role = excluded.role, content = excluded.content, updated_at = excluded.updated_at
            WHERE memories.role IS NOT excluded.role OR memories.content IS NOT excluded.content;
        """;

    private const string PruneSql = """
        DELETE FROM memories WHERE user_id = $user AND conversation_id = $conversation
            AND position NOT IN (SELECT value FROM json_each($kept));
        """;

    private readonly string _userId;
    private readonly string _conversationId;
    private readonly long _now;
    private readonly List<(int Position, string Id, string Role, string Content)> _rows = [];

    public ConversationWrite(string userId, string conversationId, IReadOnlyList<MemoryMessage> messages, long now)
    {
        _userId = userId;
        _conversationId = conversationId;
        _now = now;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is { Content.Length: > 0 } message)
            {
                _rows.Add((i, MemoryIds.ItemId(userId, conversationId, i), message.Role ?? string.Empty, message.Content));
            }
        }
    }

    /// <summary>Writes the conversation; returns the number of items stored.</summary>
    public async Task<int> ExecuteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = UpsertSql;
        upsert.Parameters.AddWithValue("$user", _userId);
        upsert.Parameters.AddWithValue("$token", MemoryKeys.UserToken(_userId));
        upsert.Parameters.AddWithValue("$conversation", _conversationId);
        upsert.Parameters.AddWithValue("$now", _now);
        var id = upsert.Parameters.Add("$id", SqliteType.Text);
        var position = upsert.Parameters.Add("$position", SqliteType.Integer);
        var role = upsert.Parameters.Add("$role", SqliteType.Text);
        var content = upsert.Parameters.Add("$content", SqliteType.Text);
        foreach (var row in _rows)
        {
            id.Value = row.Id;
            position.Value = row.Position;
            role.Value = row.Role;
            content.Value = row.Content;
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The post is the conversation as it is now: positions it no longer has (or that became empty) go.
        using var prune = connection.CreateCommand();
        prune.Transaction = transaction;
        prune.CommandText = PruneSql;
        prune.Parameters.AddWithValue("$user", _userId);
        prune.Parameters.AddWithValue("$conversation", _conversationId);
        prune.Parameters.AddWithValue("$kept", "[" + string.Join(',', _rows.Select(r => r.Position.ToString(CultureInfo.InvariantCulture))) + "]");
        await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        return _rows.Count;
    }
}

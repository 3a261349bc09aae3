using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace G4F.Backend.Memory;

/// <summary>
/// The SQL conditions of a <see cref="MemoryFilter"/> on the alias <c>m</c>: fixed text with parameters,
/// never a value spliced in. Sets travel as one JSON array parameter read by <c>json_each</c>.
/// </summary>
internal static class MemoryFilterSql
{
    public static void Append(StringBuilder sql, SqliteCommand command, MemoryFilter? filter)
    {
        if (filter is null)
        {
            return;
        }

        if (filter.ConversationIds is { } conversations)
        {
            sql.Append(" AND m.conversation_id IN (SELECT value FROM json_each($conversations))");
            command.Parameters.AddWithValue("$conversations", JsonArray(conversations));
        }

        if (filter.Roles is { } roles)
        {
            sql.Append(" AND m.role IN (SELECT value FROM json_each($roles))");
            command.Parameters.AddWithValue("$roles", JsonArray(roles));
        }

        Bound(sql, command, "m.created_at >= $createdFrom", "$createdFrom", filter.CreatedFrom);
        Bound(sql, command, "m.created_at <= $createdTo", "$createdTo", filter.CreatedTo);
        Bound(sql, command, "m.updated_at >= $updatedFrom", "$updatedFrom", filter.UpdatedFrom);
        Bound(sql, command, "m.updated_at <= $updatedTo", "$updatedTo", filter.UpdatedTo);
    }

    private static void Bound(StringBuilder sql, SqliteCommand command, string condition, string name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            sql.Append(" AND ").Append(condition);
            command.Parameters.AddWithValue(name, instant.ToUnixTimeMilliseconds());
        }
    }

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

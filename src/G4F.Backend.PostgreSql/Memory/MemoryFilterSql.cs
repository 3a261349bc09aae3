using System.Text;
using G4F.Backend.Memory;
using Npgsql;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>The conditions of a <see cref="MemoryFilter"/> on the alias <c>m</c>: fixed text, every value a positional parameter.</summary>
internal static class MemoryFilterSql
{
    public static void Append(StringBuilder sql, NpgsqlCommand command, MemoryFilter? filter)
    {
        if (filter is null)
        {
            return;
        }

        if (filter.ConversationIds is { } conversations)
        {
            Condition(sql, command, "m.conversation_id = ANY({0})", conversations.Select(Encoding.UTF8.GetBytes).ToArray());
        }

        if (filter.Roles is { } roles)
        {
            Condition(sql, command, "m.role = ANY({0})", roles.Select(Encoding.UTF8.GetBytes).ToArray());
        }

        Bound(sql, command, "m.created_at >= {0}", filter.CreatedFrom);
        Bound(sql, command, "m.created_at <= {0}", filter.CreatedTo);
        Bound(sql, command, "m.updated_at >= {0}", filter.UpdatedFrom);
        Bound(sql, command, "m.updated_at <= {0}", filter.UpdatedTo);
    }

    private static void Bound(StringBuilder sql, NpgsqlCommand command, string condition, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            Condition(sql, command, condition, instant.ToUnixTimeMilliseconds());
        }
    }

    private static void Condition(StringBuilder sql, NpgsqlCommand command, string condition, object value)
    {
        command.Parameters.Add(new() { Value = value });
        sql.Append(" AND ").Append(condition.Replace("{0}", "$" + command.Parameters.Count, StringComparison.Ordinal));
    }
}

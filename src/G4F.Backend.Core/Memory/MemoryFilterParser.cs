using System.Globalization;
using System.Text.Json;

namespace G4F.Backend.Memory;

/// <summary>
/// Reads the <c>filters</c> and <c>metadata</c> query parameters (JSON objects) into one <see cref="MemoryFilter"/>.
/// </summary>
/// <remarks>
/// Grammar (all conditions must hold):
/// <code>
/// filters   = { condition, ... }
/// condition = "AND": [filters, ...]
///           | "conversation_id" | "role": value
///           | "user_id": value            (must be the path's user; anything else is refused)
///           | "created_at" | "updated_at": { "gte" | "gt" | "lte" | "lt": time, ... }
///           | "metadata": { "conversation_id" | "role": value, ... }
/// value     = "text" | { "eq": "text" } | { "in": ["text", ...] }
/// time      = ISO 8601 string ("2026-08-21", "2026-08-21T10:00:00Z", no offset = UTC)
///           | Unix epoch seconds (number or numeric string, fractions allowed)
/// metadata  = { "conversation_id" | "role": value, ... }   (the metadata query parameter)
/// </code>
/// Anything else (OR, NOT, other keys or operators, wrong types, malformed JSON) is an error, never ignored.
/// </remarks>
internal static class MemoryFilterParser
{
    private const string Supported = "AND, conversation_id, role, user_id, created_at, updated_at, metadata";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Parses both parameters; absent, empty or <c>null</c> parameters add no condition.</summary>
    public static bool TryParse(string userId, string? filters, string? metadata, out MemoryFilter? filter, out string? error)
    {
        var builder = new MemoryFilterBuilder();
        filter = null;
        error = Parse("filters", filters, root => Conditions(root, userId, builder, "filters"))
            ?? Parse("metadata", metadata, root => Metadata(root, builder, "metadata"));
        if (error is not null)
        {
            return false;
        }

        filter = builder.Build();
        return true;
    }

    private static string? Parse(string name, string? json, Func<JsonElement, string?> read)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Trim() == "null")
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : $"{name} must be a JSON object";
        }
        catch (JsonException)
        {
            return $"{name} is not valid JSON";
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no string: reading it throws.
            return $"{name} holds a string that is not valid Unicode";
        }
    }

    private static string? Conditions(JsonElement conditions, string userId, MemoryFilterBuilder builder, string path)
    {
        foreach (var condition in conditions.EnumerateObject())
        {
            var at = $"{path}.{condition.Name}";
            var error = condition.Name switch
            {
                "AND" => And(condition.Value, userId, builder, at),
                "conversation_id" => AddValues(condition.Value, at, builder.ConversationIds),
                "role" => AddValues(condition.Value, at, builder.Roles),
                "user_id" => Values(condition.Value, at, ids => ids.All(id => id == userId) ? null : $"{at} may only name the user of the path"),
                "created_at" => Range(condition.Value, at, builder.CreatedFrom, builder.CreatedTo),
                "updated_at" => Range(condition.Value, at, builder.UpdatedFrom, builder.UpdatedTo),
                "metadata" => condition.Value.ValueKind == JsonValueKind.Object ? Metadata(condition.Value, builder, at) : $"{at} must be an object",
                _ => $"Unsupported filter '{condition.Name}' in {path} (supported: {Supported})",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? And(JsonElement list, string userId, MemoryFilterBuilder builder, string path)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return $"{path} must be an array of objects";
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            var error = item.ValueKind == JsonValueKind.Object ? Conditions(item, userId, builder, at) : $"{at} must be an object";
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Metadata(JsonElement metadata, MemoryFilterBuilder builder, string path)
    {
        foreach (var condition in metadata.EnumerateObject())
        {
            var at = $"{path}.{condition.Name}";
            var error = condition.Name switch
            {
                "conversation_id" => AddValues(condition.Value, at, builder.ConversationIds),
                "role" => AddValues(condition.Value, at, builder.Roles),
                _ => $"Unsupported metadata key '{condition.Name}' in {path} (supported: conversation_id, role)",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>A string, <c>{"eq": string}</c> or <c>{"in": [string, ...]}</c>.</summary>
    private static string? AddValues(JsonElement value, string path, Action<IEnumerable<string>> add) =>
        Values(value, path, values =>
        {
            add(values);
            return null;
        });

    private static string? Values(JsonElement value, string path, Func<IReadOnlyList<string>, string?> add)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return add([value.GetString()!]);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"{path} must be a string or an object with 'eq' or 'in'";
        }

        foreach (var op in value.EnumerateObject())
        {
            string? error;
            if (op.Name == "eq" && op.Value.ValueKind == JsonValueKind.String)
            {
                error = add([op.Value.GetString()!]);
            }
            else if (op.Name == "in" && op.Value.ValueKind == JsonValueKind.Array && op.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
            {
                error = add([.. op.Value.EnumerateArray().Select(v => v.GetString()!)]);
            }
            else
            {
                error = op.Name is "eq" or "in"
                    ? $"{path}.{op.Name} must be {(op.Name == "eq" ? "a string" : "an array of strings")}"
                    : $"Unsupported operator '{op.Name}' in {path} (supported: eq, in)";
            }

            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Range(JsonElement range, string path, Action<long> from, Action<long> to)
    {
        if (range.ValueKind != JsonValueKind.Object)
        {
            return $"{path} must be an object with gte, gt, lte or lt";
        }

        foreach (var op in range.EnumerateObject())
        {
            if (op.Name is not ("gte" or "gt" or "lte" or "lt"))
            {
                return $"Unsupported operator '{op.Name}' in {path} (supported: gte, gt, lte, lt)";
            }

            if (!TryReadTicks(op.Value, out var ticks))
            {
                return $"{path}.{op.Name} must be an ISO 8601 date and time or Unix epoch seconds";
            }

            // Items are stored in whole milliseconds: round each bound inward so it keeps its meaning.
            var floor = (long)decimal.Floor(ticks / TimeSpan.TicksPerMillisecond);
            var ceiling = (long)decimal.Ceiling(ticks / TimeSpan.TicksPerMillisecond);
            switch (op.Name)
            {
                case "gte": from(ceiling); break;
                case "gt": from(floor + 1); break;
                case "lte": to(floor); break;
                default: to(ceiling - 1); break;
            }
        }

        return null;
    }

    /// <summary>Ticks since the Unix epoch, exact (decimal), within the calendar's range.</summary>
    private static bool TryReadTicks(JsonElement value, out decimal ticks)
    {
        ticks = 0;
        decimal seconds;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out seconds))
            {
                return false;
            }
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
        {
            if (DateTimeOffset.TryParseExact(text.Trim(), IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
                return true;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        // The calendar spans about ±3.2e11 seconds around the epoch; anything beyond is not a time.
        if (Math.Abs(seconds) > 400_000_000_000m)
        {
            return false;
        }

        ticks = seconds * TimeSpan.TicksPerSecond;
        return true;
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using G4F.Backend.Memory;
using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// The rows of one page or search of <see cref="PostgreSqlMemoryStore"/>, read so that their texts never sit in memory
/// all at once: the page's statement sends the items' texts while the texts sent so far stay within the budget (a
/// running sum over the result's order decides it in the server, so texts past it do not cross the wire), and the rest
/// are read later, a batch at a time, as the caller enumerates. No connection is held between the batches, so a slow
/// client never keeps one of the pool's connections.
/// </summary>
internal sealed class PostgreSqlMemoryReads
{
    /// <summary>
    /// Bytes of role and content one batch reads (a batch reads at least one item, whatever its size): a page of a
    /// thousand items of 2 MB each was 4 GB of strings when read whole.
    /// </summary>
    public const long Budget = 4 * 1024 * 1024;

    // At most this many keys in one batch's statement; a batch of small items ends there.
    private const int MaxBatchKeys = 1_000;

    private readonly List<Entry> _entries = [];
    private readonly PostgreSqlDatabase _database;
    private readonly byte[] _user;
    private readonly MemoryFilter? _filter;
    private readonly long _budget;

    // Entries before this index have been read (an entry without an item was deleted before its batch).
    private int _read;
    private bool _enumerated;

    private PostgreSqlMemoryReads(PostgreSqlDatabase database, byte[] user, MemoryFilter? filter, long budget)
    {
        (_database, _user, _filter, _budget) = (database, user, filter, budget);
    }

    /// <summary>
    /// The columns a read selects (<see cref="ReadItemAsync"/>): role and content are null past the budget, by the running
    /// sum over the window <c>w</c> the statement defines in its result's order; the first row's are always sent.
    /// </summary>
    public static string Columns(long budget)
    {
        var within = string.Create(CultureInfo.InvariantCulture, $"row_number() OVER w = 1 OR sum(octet_length(m.role) + octet_length(m.content)) OVER w <= {budget}");
        return $"m.id, m.user_id, m.conversation_id, m.position, CASE WHEN {within} THEN m.role END, CASE WHEN {within} THEN m.content END, m.created_at, m.updated_at, m.seq";
    }

    /// <summary>
    /// Reads the rows of <paramref name="reader"/> (<see cref="Columns"/>, then the score at <paramref name="scoreOrdinal"/>
    /// if not negative), the texts of the first batch with them; later batches apply <paramref name="filter"/> again.
    /// </summary>
    public static async Task<PostgreSqlMemoryReads> ReadAsync(
        NpgsqlDataReader reader, int scoreOrdinal, PostgreSqlDatabase database, byte[] user, MemoryFilter? filter, long budget, CancellationToken cancellationToken)
    {
        var reads = new PostgreSqlMemoryReads(database, user, filter, budget);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var item = await ReadItemAsync(reader, cancellationToken).ConfigureAwait(false);
            reads._entries.Add(new Entry(reader.GetInt64(8), reader.GetString(0), item, scoreOrdinal < 0 ? 0 : reader.GetFloat(scoreOrdinal)));
            if (item is not null && reads._read == reads._entries.Count - 1)
            {
                // The texts sent are a prefix of the result: the running sum only grows.
                reads._read++;
            }
        }

        return reads;
    }

    /// <summary>The entries in order, as <paramref name="make"/> builds them from an item and its score, reading each batch as it is reached; once.</summary>
    /// <exception cref="InvalidOperationException">Enumerated again: the items handed out are no longer held.</exception>
    public async IAsyncEnumerable<T> EnumerateAsync<T>(Func<MemoryItem, float, T> make, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A memory page or search is read once; it was read already.");
        }

        _enumerated = true;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (i == _read)
            {
                await ReadBatchAsync(i, cancellationToken).ConfigureAwait(false);
            }

            if (_entries[i].Item is { } item)
            {
                // Released once handed out, so only the current batch is held.
                _entries[i] = _entries[i] with { Item = null };
                yield return make(item, _entries[i].Score);
            }
        }
    }

    /// <summary>Reads the texts of the entries from <paramref name="from"/> on until the budget is spent, and moves <see cref="_read"/> past them.</summary>
    private async Task ReadBatchAsync(int from, CancellationToken cancellationToken)
    {
        var count = Math.Min(MaxBatchKeys, _entries.Count - from);
        var keys = new long[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = _entries[from + i].Seq;
        }

        _read = from + count;
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand { Connection = connection };
            command.Parameters.Add(new() { Value = _user });
            command.Parameters.Add(new() { Value = keys });

            // The filter again: an item changed since the page's query (a new role, a later updated_at) may no longer pass it.
            var sql = new StringBuilder($"SELECT {Columns(_budget)}, k.n FROM unnest($2::bigint[]) WITH ORDINALITY AS k (seq, n) JOIN g4f_memories m ON m.seq = k.seq WHERE m.user_id = $1");
            MemoryFilterSql.Append(sql, command, _filter);
            command.CommandText = sql.Append(" WINDOW w AS (ORDER BY k.n) ORDER BY k.n").ToString();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var index = from + (int)reader.GetInt64(9) - 1;
                    if (reader.GetString(0) != _entries[index].Id)
                    {
                        // Not the item the page's query saw (a seq is never reused here; checked as the embedded store does).
                        continue;
                    }

                    if (await ReadItemAsync(reader, cancellationToken).ConfigureAwait(false) is not { } item)
                    {
                        // This entry and those after it are the next batch's; those skipped before it were deleted.
                        _read = index;
                        return;
                    }

                    _entries[index] = _entries[index] with { Item = item };
                }
            }
        }
    }

    /// <summary>The row's item, or null when its texts are past the budget.</summary>
    private static async Task<MemoryItem?> ReadItemAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (await reader.IsDBNullAsync(5, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        async Task<string> TextAsync(int ordinal) =>
            Encoding.UTF8.GetString(await reader.GetFieldValueAsync<byte[]>(ordinal, cancellationToken).ConfigureAwait(false));

        return new MemoryItem(
            reader.GetString(0),
            await TextAsync(1).ConfigureAwait(false),
            await TextAsync(2).ConfigureAwait(false),
            reader.GetInt32(3),
            await TextAsync(4).ConfigureAwait(false),
            await TextAsync(5).ConfigureAwait(false),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));
    }

    private readonly record struct Entry(long Seq, string Id, MemoryItem? Item, float Score);
}

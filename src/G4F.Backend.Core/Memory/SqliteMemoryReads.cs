using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace G4F.Backend.Memory;

/// <summary>
/// The rows of one page or search of <see cref="SqliteMemoryStore"/>, read so that their texts never sit in memory all at
/// once: the page's query reads the items' texts while the texts read so far stay within <see cref="Budget"/>, and the
/// rest are read later, a batch of at most that size at a time, as the caller enumerates. Between the batches no
/// connection or read transaction is held, so a slow client never keeps a snapshot open (which would stop the WAL from
/// being checkpointed).
/// </summary>
internal sealed class SqliteMemoryReads
{
    /// <summary>
    /// Characters of role and content one batch reads (a batch reads at least one item, whatever its size; the store's default): a page of a
    /// thousand items of 2 MB each was 4 GB of strings when read whole.
    /// </summary>
    public const long Budget = 4 * 1024 * 1024;

    /// <summary>The columns every read selects: the item's (<see cref="ReadItem"/>), then its seq and the length of its texts.</summary>
    public const string Columns = "m.id, m.user_id, m.conversation_id, m.position, m.role, m.content, m.created_at, m.updated_at, m.seq, length(m.role) + length(m.content)";

    // At most this many keys in one batch's statement; a batch of small items ends there.
    private const int MaxBatchKeys = 1_000;

    private readonly List<Entry> _entries = [];
    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly string _userId;
    private readonly MemoryFilter? _filter;
    private readonly long _budget;

    // Entries before this index have been read (an entry without an item was deleted before its batch).
    private int _read;
    private bool _enumerated;

    private SqliteMemoryReads(Func<CancellationToken, Task<SqliteConnection>> open, string userId, MemoryFilter? filter, long budget)
    {
        (_open, _userId, _filter, _budget) = (open, userId, filter, budget);
    }

    /// <summary>
    /// Reads the rows of <paramref name="reader"/> (<see cref="Columns"/>, then the score at <paramref name="scoreOrdinal"/>
    /// if not negative), the texts of the first batch with them; later batches apply <paramref name="filter"/> again.
    /// </summary>
    public static async Task<SqliteMemoryReads> ReadAsync(
        SqliteDataReader reader, int scoreOrdinal, Func<CancellationToken, Task<SqliteConnection>> open, string userId, MemoryFilter? filter, long budget, CancellationToken cancellationToken)
    {
        var reads = new SqliteMemoryReads(open, userId, filter, budget);
        var batch = new Batch(budget);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var item = batch.Take(reader) ? ReadItem(reader) : null;
            reads._entries.Add(new Entry(reader.GetInt64(8), reader.GetString(0), item, scoreOrdinal < 0 ? 0 : reader.GetDouble(scoreOrdinal)));
            reads._read += batch.Full ? 0 : 1;
        }

        return reads;
    }

    /// <summary>The entries in order, as <paramref name="make"/> builds them from an item and its score, reading each batch as it is reached; once.</summary>
    /// <exception cref="InvalidOperationException">Enumerated again: the items handed out are no longer held.</exception>
    public async IAsyncEnumerable<T> EnumerateAsync<T>(Func<MemoryItem, double, T> make, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
        var keys = new StringBuilder("[");
        for (var i = from; i < from + count; i++)
        {
            keys.Append(i == from ? string.Empty : ",").Append(_entries[i].Seq.ToString(CultureInfo.InvariantCulture));
        }

        using var connection = await _open(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        // The filter again: an item changed since the page's query (a new role, a later updated_at) may no longer pass it.
        var sql = new StringBuilder($"SELECT {Columns}, k.key FROM json_each($keys) k JOIN memories m ON m.seq = k.value WHERE m.user_id = $user");
        command.Parameters.AddWithValue("$keys", keys.Append(']').ToString());
        command.Parameters.AddWithValue("$user", _userId);
        MemoryFilterSql.Append(sql, command, _filter);
        command.CommandText = sql.Append(" ORDER BY k.key").ToString();
        var batch = new Batch(_budget);
        _read = from + count;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var index = from + reader.GetInt32(10);
            if (reader.GetString(0) != _entries[index].Id)
            {
                // Another item under a reused seq (SQLite may reuse the highest rowids after a delete): this one was deleted.
                continue;
            }

            if (!batch.Take(reader))
            {
                // This entry and those after it are the next batch's; those skipped before it were deleted.
                _read = index;
                return;
            }

            _entries[index] = _entries[index] with { Item = ReadItem(reader) };
        }
    }

    private static MemoryItem ReadItem(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));

    private readonly record struct Entry(long Seq, string Id, MemoryItem? Item, double Score);

    /// <summary>The budget of one batch: the first row is always taken, then rows while their texts fit; once one does not, none is.</summary>
    private sealed class Batch(long budget)
    {
        private long _spent;
        private bool _started;

        public bool Full { get; private set; }

        public bool Take(SqliteDataReader reader)
        {
            if (Full)
            {
                return false;
            }

            var size = reader.GetInt64(9);
            if (_started && _spent + size > budget)
            {
                Full = true;
                return false;
            }

            (_started, _spent) = (true, _spent + size);
            return true;
        }
    }
}

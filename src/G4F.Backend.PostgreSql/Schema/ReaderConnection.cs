using Npgsql;

namespace G4F.Backend.PostgreSql.Schema;

/// <summary>
/// A pooled connection held for as long as a client reads (a blob stream, a day of usage lines), opened under a slot of
/// the readers' bound (<see cref="ReaderSlots"/>, from <see cref="PostgreSqlDatabase.OpenReaderAsync"/>). Disposing it
/// returns the connection to the pool first and then the slot, once, also when closing a broken connection throws: the
/// readers never hold more connections than there are slots, and a slot is never lost.
/// </summary>
internal sealed class ReaderConnection : IDisposable, IAsyncDisposable
{
    private readonly ReaderSlots.Slot _slot;

    public ReaderConnection(NpgsqlConnection connection, ReaderSlots.Slot slot)
    {
        Connection = connection;
        _slot = slot;
    }

    /// <summary>The open connection; the reader's commands run on it.</summary>
    public NpgsqlConnection Connection { get; }

    public void Dispose()
    {
        try
        {
            Connection.Dispose();
        }
        finally
        {
            _slot.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _slot.Dispose();
        }
    }
}

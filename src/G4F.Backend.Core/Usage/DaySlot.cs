namespace G4F.Backend.Usage;

/// <summary>
/// The one <see cref="DayFile"/> a folder of <see cref="FileUsageLog"/> keeps open: taken out by the append that writes
/// to it (under the day's lock) and given back after, so appends to two days at midnight never share a handle, and the
/// newer day's file is the one kept.
/// </summary>
internal sealed class DaySlot : IDisposable
{
    private readonly Lock _gate = new();
    private DayFile? _kept;
    private bool _disposed;

    /// <summary>The kept file of <paramref name="date"/>, now the caller's; null when another day's (or none) is kept.</summary>
    public DayFile? Take(DateOnly date)
    {
        lock (_gate)
        {
            if (_kept is { } kept && kept.Date == date)
            {
                _kept = null;
                return kept;
            }

            return null;
        }
    }

    /// <summary>
    /// Keeps <paramref name="file"/> unless a newer day's is kept, the slot is disposed, or kept files cannot be checked
    /// here (then it is closed).
    /// </summary>
    public void Return(DayFile? file)
    {
        if (file is null)
        {
            return;
        }

        DayFile? close;
        lock (_gate)
        {
            if (!_disposed && DayFile.CanKeep && (_kept is null || _kept.Date < file.Date))
            {
                (close, _kept) = (_kept, file);
            }
            else
            {
                close = file;
            }
        }

        close?.Dispose();
    }

    public void Dispose()
    {
        DayFile? close;
        lock (_gate)
        {
            _disposed = true;
            (close, _kept) = (_kept, null);
        }

        close?.Dispose();
    }
}

namespace G4F.Backend.WebClient;

/// <summary>
/// Paths the source answered with a non-2xx status lately (and no copy was there to serve), remembered until a given
/// time so repeated requests for a missing file do not fetch it each time. At most a fixed number: past it the oldest
/// are forgotten first (every entry lives equally long, so the oldest is also the first to expire).
/// </summary>
internal sealed class WebClientMisses(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Path, DateTimeOffset Until)>> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, DateTimeOffset Until)> _oldestLast = new();
    private readonly Lock _gate = new();

    /// <summary>The paths remembered now (expired ones included until they are looked up or pushed out).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byPath.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> is known to be missing at <paramref name="now"/>.</summary>
    public bool IsMissing(string path, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_byPath.TryGetValue(path, out var node))
            {
                return false;
            }

            if (now < node.Value.Until)
            {
                return true;
            }

            Drop(path);
            return false;
        }
    }

    /// <summary>Remembers <paramref name="path"/> as missing until <paramref name="until"/>.</summary>
    public void Remember(string path, DateTimeOffset until)
    {
        lock (_gate)
        {
            Drop(path);
            _byPath[path] = _oldestLast.AddFirst((path, until));
            while (_byPath.Count > capacity && _oldestLast.Last is { } oldest)
            {
                Drop(oldest.Value.Path);
            }
        }
    }

    /// <summary>Forgets <paramref name="path"/> (it was found after all).</summary>
    public void Forget(string path)
    {
        lock (_gate)
        {
            Drop(path);
        }
    }

    private void Drop(string path)
    {
        if (_byPath.Remove(path, out var node))
        {
            _oldestLast.Remove(node);
        }
    }
}

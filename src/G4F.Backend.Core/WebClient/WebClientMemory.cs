namespace G4F.Backend.WebClient;

/// <summary>
/// The fetched web client files this instance served lately, in memory up to a byte budget (the least recently served go
/// first), so a page load does not read every asset from the cache store again and every request for a hot file shares
/// one array instead of a copy of its own. A file larger than the budget is never kept.
/// </summary>
internal sealed class WebClientMemory(long budgetBytes)
{
    private readonly Dictionary<string, LinkedListNode<(string Path, WebClientCopy Copy)>> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, WebClientCopy Copy)> _recent = new();
    private readonly Lock _gate = new();
    private long _bytes;

    /// <summary>The bytes held now (stored values, header included).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>The copy of <paramref name="path"/> held in memory, fresh or not, or null.</summary>
    public WebClientCopy? Find(string path)
    {
        lock (_gate)
        {
            if (!_byPath.TryGetValue(path, out var node))
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Copy;
        }
    }

    /// <summary>Holds <paramref name="copy"/> as the copy of <paramref name="path"/>, dropping the least recently served beyond the budget.</summary>
    public void Keep(string path, WebClientCopy copy)
    {
        lock (_gate)
        {
            Drop(path);
            if (copy.Value.Length > budgetBytes)
            {
                return;
            }

            _byPath[path] = _recent.AddFirst((path, copy));
            _bytes += copy.Value.Length;
            while (_bytes > budgetBytes && _recent.Last is { } oldest)
            {
                Drop(oldest.Value.Path);
            }
        }
    }

    private void Drop(string path)
    {
        if (_byPath.Remove(path, out var node))
        {
            _recent.Remove(node);
            _bytes -= node.Value.Copy.Value.Length;
        }
    }
}

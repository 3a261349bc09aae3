namespace G4F.Backend.Bench;

/// <summary>The figures of one bench, one row a measurement and one column an engine, printed side by side at the end.</summary>
internal sealed class SummaryTable(string title)
{
    private readonly List<string> _rows = [];
    private readonly List<string> _engines = [];
    private readonly Dictionary<(string Row, string Engine), string> _cells = [];

    public void Add(string row, string engine, string value)
    {
        if (!_rows.Contains(row))
        {
            _rows.Add(row);
        }

        if (!_engines.Contains(engine))
        {
            _engines.Add(engine);
        }

        _cells[(row, engine)] = value;
    }

    public void Print()
    {
        var width = Math.Max(10, _rows.Count == 0 ? 0 : _rows.Max(r => r.Length));
        Console.WriteLine();
        Console.WriteLine($"{title}:");
        Console.WriteLine($"| {"".PadRight(width)} | {string.Join(" | ", _engines.Select(e => e.PadRight(24)))} |");
        Console.WriteLine($"|{new string('-', width + 2)}|{string.Join("|", _engines.Select(_ => new string('-', 26)))}|");
        foreach (var row in _rows)
        {
            Console.WriteLine($"| {row.PadRight(width)} | {string.Join(" | ", _engines.Select(e => (_cells.TryGetValue((row, e), out var v) ? v : "-").PadRight(24)))} |");
        }
    }
}

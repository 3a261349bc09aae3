namespace G4F.Backend.Routing;

/// <summary>
/// Debug lines of one request, sent as its <c>log</c> events. Per request by construction: the
/// original's process-wide buffer leaked lines between users (PROTOCOL 14.5). Lines never hold secrets.
/// </summary>
internal sealed class RequestLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public void Add(string line) => _lines.Add(line);
}

using System.Globalization;

namespace G4F.Backend.Bench;

/// <summary>
/// <c>hotpath</c>'s options: <c>--streams=N</c> (measured, after a quarter of N to warm up), <c>--chunks=N</c> (content
/// chunks a stream, 64 by default; 1 shows a request's fixed cost), <c>--types</c> (allocations by type) and
/// <c>--endpoint[=conversation|create|openai|empty]</c> (through the real route; <c>empty</c> is the harness alone).
/// </summary>
internal sealed record HotPathSettings(bool Quick, bool Types, int? Streams, int Chunks, string? Route)
{
    public static HotPathSettings Parse(string[] args, bool quick)
    {
        var endpoint = args.FirstOrDefault(a => a.StartsWith("--endpoint", StringComparison.Ordinal));
        return new HotPathSettings(
            quick,
            args.Contains("--types"),
            Number(args, "--streams="),
            Number(args, "--chunks=") ?? BenchUpstream.Chunks,
            endpoint is null ? null : endpoint.Contains('=', StringComparison.Ordinal) ? endpoint[(endpoint.IndexOf('=', StringComparison.Ordinal) + 1)..] : "conversation");
    }

    private static int? Number(string[] args, string prefix) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } value
            ? int.Parse(value[prefix.Length..], CultureInfo.InvariantCulture)
            : null;
}

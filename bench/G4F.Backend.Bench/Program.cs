using G4F.Backend.Bench;

// dotnet run -c Release --project bench/G4F.Backend.Bench [-- streaming|load|hotpath|memory|stats|blobs|conversion|pdf|all] [--quick] [--engine=embedded|postgresql] [--types] [--streams=N] [--chunks=N] [--endpoint[=conversation|create|openai|empty]] [--format=PDF|DOCX|HTML|CSV]
var quick = args.Contains("--quick");
BenchEngine.Only = args.FirstOrDefault(a => a.StartsWith("--engine=", StringComparison.Ordinal))?["--engine=".Length..].ToLowerInvariant();
var format = args.FirstOrDefault(a => a.StartsWith("--format=", StringComparison.Ordinal))?["--format=".Length..];
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "streaming";
if (which is "proxy")
{
    // The streaming bench's reference server, started by the bench itself (MinimalProxy).
    await MinimalProxy.RunAsync([.. args.Where(a => a != "proxy")]);
    return;
}

if (which is "load")
{
    await LoadBench.RunAsync(args);
    return;
}

if (which is "streaming" or "all")
{
    await StreamingBench.RunAsync(quick);
}

if (which is "hotpath" or "all")
{
    await HotPathBench.RunAsync(HotPathSettings.Parse(args, quick));
}

if (which is "memory" or "all")
{
    await MemoryBench.RunAsync(quick);
}

if (which is "stats" or "all")
{
    await StatsBench.RunAsync(quick);
}

if (which is "blobs" or "all")
{
    await BlobBench.RunAsync(quick);
}

if (which is "conversion" or "all")
{
    await ConversionBench.RunAsync(quick, format);
}

if (which is "pdf")
{
    await ConversionBench.RunAsync(quick, "PDF");
}

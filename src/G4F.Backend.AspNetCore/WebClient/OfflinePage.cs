using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.WebClient;

/// <summary>The page <c>/chat/</c> shows when the client's files are neither on disk nor fetchable: how to get them.</summary>
internal static class OfflinePage
{
    private const string Head = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>G4F web client not available</title></head>
        <body>
        <h1>The G4F web client is not available</h1>

        """;

    private const string Fetching = """
        <p>This server fetches the official web client from its public repository on first use, and that fetch failed
        (no internet access, or fetching is turned off with an empty <code>G4F:Gui:BaseUrl</code>).</p>

        """;

    private const string Local = """
        <p>The folder set in <code>G4F:Gui:Path</code> has no <code>chat/index.html</code>.</p>

        """;

    private const string Busy = """
        <p>This server is loading many of the web client's files at the moment; try again in a few seconds.</p>

        """;

    private const string Tail = """
        <p>To serve the client from a local copy, get it and set <code>G4F:Gui:Path</code> to the folder holding its
        <code>chat/</code> and <code>dist/</code> folders:</p>
        <pre>git clone https://github.com/gpt4free/g4f.dev
        G4F__Gui__Path=/path/to/g4f.dev   (or "G4F": { "Gui": { "Path": "..." } } in appsettings.json)</pre>
        <p>The API itself works without it: <code>/backend-api/v2/</code>.</p>
        </body>
        </html>

        """;

    public static IResult Result(bool local) => Page(local ? Local : Fetching);

    /// <summary>The page when the files are being fetched but this instance has too many loads under way (<see cref="G4F.Backend.WebClient.WebClientFileStatus.Busy"/>).</summary>
    public static IResult BusyResult() => Page(Busy);

    private static IResult Page(string reason) => TypedResults.Content(
        Head + reason + Tail,
        "text/html; charset=utf-8",
        statusCode: StatusCodes.Status503ServiceUnavailable);
}

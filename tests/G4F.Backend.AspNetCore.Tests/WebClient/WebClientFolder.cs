namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>
/// A client folder in a temp directory (chat/ and dist/, as <c>G4F:Gui:Path</c> expects) with a secret file beside it
/// and a hidden one inside, which no request may reach.
/// </summary>
public sealed class WebClientFolder : IDisposable
{
    public const string Index = "<!DOCTYPE html><html><body>index page</body></html>";
    public const string ScreenReader = "<!DOCTYPE html><html><body>screen reader page</body></html>";
    public const string Script = "console.log('chat');";
    public const string Style = "body { color: red; }";
    public const string Secret = "TOP-SECRET-OUTSIDE-THE-CLIENT";

    public WebClientFolder()
    {
        Parent = Path.Combine(Path.GetTempPath(), "g4f-tests", "gui-" + Guid.NewGuid().ToString("N"));
        Root = Path.Combine(Parent, "client");
        Write("chat/index.html", Index);
        Write("chat/sr.html", ScreenReader);
        Write("dist/js/chat.v1.js", Script);
        Write("dist/css/style.css", Style);
        Write("dist/.env", Secret);
        File.WriteAllText(Path.Combine(Parent, "secret.txt"), Secret);
    }

    /// <summary>The folder holding chat/ and dist/ (the value of <c>G4F:Gui:Path</c>).</summary>
    public string Root { get; }

    /// <summary>The temp folder holding <see cref="Root"/> and the secret file.</summary>
    public string Parent { get; }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose()
    {
        if (Directory.Exists(Parent))
        {
            Directory.Delete(Parent, recursive: true);
        }
    }
}

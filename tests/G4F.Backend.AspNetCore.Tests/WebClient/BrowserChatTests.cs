using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Playwright;

namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>
/// A real browser (Debian's Chromium through Playwright) opens the sample's own <c>/</c> on a real loopback port, follows it
/// to <c>/chat/</c>, and sends a message that streams back from a fake upstream. The page is a small stand-in for the official
/// client made here (no internet): its HTML, script and the API come from one origin, as <c>G4F:Gui:Path</c> serves them.
/// </summary>
public sealed class BrowserChatTests : IAsyncLifetime
{
    // CHROMIUM_PATH overrides it; CI installs the package (apt-get install -y chromium).
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Mini chat</title>
        <link rel="stylesheet" href="../dist/css/style.css">
        <script src="../dist/js/chat.js" defer></script></head>
        <body>
        <input id="prompt"><button id="send">Send</button>
        <div id="answer"></div><div id="state">idle</div>
        </body>
        </html>
        """;

    // Posts as the official client does and renders the "content" events of the SSE stream as they arrive.
    private const string Script = """
        document.getElementById("send").addEventListener("click", async () => {
          const state = document.getElementById("state");
          const answer = document.getElementById("answer");
          state.textContent = "sending";
          const response = await fetch("/backend-api/v2/conversation", {
            method: "POST",
            headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
            body: JSON.stringify({ model: "fake-model", provider: "Fake",
              messages: [{ role: "user", content: document.getElementById("prompt").value }] })
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf("\n")) >= 0) {
              const line = buffer.slice(0, end).trim();
              buffer = buffer.slice(end + 1);
              if (!line.startsWith("data:")) continue;
              const event = JSON.parse(line.slice(5));
              if (event.type === "content") answer.textContent += event.content;
              if (event.type === "error") state.textContent = "error: " + event.message;
            }
          }
          if (state.textContent === "sending") state.textContent = "done";
        });
        """;

    private const string Style = "#state { font-weight: bold; }";

    private readonly WebClientFolder _folder = new();
    private FakeUpstream _upstream = null!;
    private SampleServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _folder.Write("chat/index.html", Page);
        _folder.Write("dist/js/chat.js", Script);

        // The page's own stylesheet (the folder starts with a default one): the test asserts it answered 2xx.
        _folder.Write("dist/css/style.css", Style);
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = FakeReply.Text("Hello", " from", " the", " fake");
        _server = await SampleServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["G4F__Gui__Path"] = _folder.Root,
            ["G4F__Providers__Fake__Type"] = "OpenAICompatible",
            ["G4F__Providers__Fake__BaseUrl"] = _upstream.OpenAIBaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Chromium_opens_the_sample_root_and_streams_an_answer_through_the_backend()
    {
        File.Exists(ChromiumPath).Should().BeTrue(
            $"the browser test drives Chromium at {ChromiumPath}: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,

            // CI runs as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();

        // A request that fails in the network, and every answer: a missing file is an answer (404), not a failed request.
        var failedRequests = new List<string>();
        var responses = new List<(string Url, int Status, string Type)>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);
        page.Response += (_, response) =>
        {
            lock (responses)
            {
                responses.Add((response.Url, response.Status, response.Request.ResourceType));
            }
        };

        var navigation = await page.GotoAsync(_server.Client.BaseAddress + "", new PageGotoOptions { Timeout = 60_000 });

        navigation!.Status.Should().Be(200);
        page.Url.Should().EndWith("/chat/");
        await page.FillAsync("#prompt", "Say hello");
        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("document.getElementById('state').textContent !== 'sending'", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        (await page.TextContentAsync("#state")).Should().Be("done");
        (await page.TextContentAsync("#answer")).Should().Be("Hello from the fake");
        List<(string Url, int Status, string Type)> answered;
        lock (responses)
        {
            answered = [.. responses];
        }

        // The redirect from / is the one answer outside 2xx; the page, its stylesheet, its script and the turn all answered
        // 2xx from the sample's own origin.
        var origin = _server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        answered.Where(r => r.Status is < 300 or >= 400).Should().OnlyContain(r => r.Status >= 200 && r.Status < 300 && r.Url.StartsWith(origin, StringComparison.Ordinal));
        answered.Select(r => r.Type).Should().Contain(["document", "stylesheet", "script", "fetch"]);
        answered.Should().ContainSingle(r => r.Type == "stylesheet" && r.Url.EndsWith("/dist/css/style.css", StringComparison.Ordinal));
        failedRequests.Should().BeEmpty();
        _upstream.Requests.Should().ContainSingle(r => r.Body.Contains("Say hello", StringComparison.Ordinal));
    }
}

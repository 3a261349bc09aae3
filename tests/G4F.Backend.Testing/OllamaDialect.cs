using System.Text;

namespace G4F.Backend.Testing;

/// <summary>The Ollama wire format: NDJSON chat lines and the <c>/api/tags</c> list.</summary>
internal static class OllamaDialect
{
    public const string StreamContentType = "application/x-ndjson";

    // 1700000000 as Ollama writes it, so the lines are the same on every run.
    private const string CreatedAt = "2023-11-14T22:13:20Z";

    /// <summary>The units of a text reply, each one NDJSON line.</summary>
    public static IEnumerable<byte[]> RenderText(FakeReply reply, string model)
    {
        foreach (var chunk in reply.Parts)
        {
            yield return Line(FakeJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("model", model);
                w.WriteString("created_at", CreatedAt);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                w.WriteString("content", chunk);
                w.WriteEndObject();
                w.WriteBoolean("done", false);
                w.WriteEndObject();
            }));
        }

        if (reply.Ending != FakeReplyEnding.Complete)
        {
            yield break;
        }

        yield return Line(FakeJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteString("created_at", CreatedAt);
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", string.Empty);
            w.WriteEndObject();
            w.WriteBoolean("done", true);
            w.WriteString("done_reason", "stop");
            if (reply.IncludeUsage)
            {
                w.WriteNumber("prompt_eval_count", reply.PromptTokens);
                w.WriteNumber("eval_count", reply.CompletionTokens ?? reply.Parts.Length);
            }

            w.WriteEndObject();
        }));
    }

    /// <summary>One raw NDJSON line.</summary>
    public static byte[] Line(string line) => Encoding.UTF8.GetBytes(line + "\n");

    public static string Tags(IEnumerable<string> models) => FakeJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("models");
        foreach (var model in models)
        {
            w.WriteStartObject();
            w.WriteString("name", model);
            w.WriteString("model", model);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}

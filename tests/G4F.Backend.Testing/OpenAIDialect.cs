using System.Text;
using System.Text.Json;

namespace G4F.Backend.Testing;

/// <summary>The OpenAI chat-completions wire format: SSE chunks and the <c>/v1/models</c> list.</summary>
internal static class OpenAIDialect
{
    public const string StreamContentType = "text/event-stream";

    /// <summary>The units of a text reply, each one SSE event.</summary>
    public static IEnumerable<byte[]> RenderText(FakeReply reply, string model)
    {
        foreach (var chunk in reply.Parts)
        {
            yield return Event(Chunk(model, w =>
            {
                w.WriteStartObject("delta");
                w.WriteString("content", chunk);
                w.WriteEndObject();
                w.WriteNull("finish_reason");
            }));
        }

        if (reply.Ending != FakeReplyEnding.Complete)
        {
            yield break;
        }

        yield return Event(Chunk(model, w =>
        {
            w.WriteStartObject("delta");
            w.WriteEndObject();
            w.WriteString("finish_reason", "stop");
        }));

        if (reply.IncludeUsage)
        {
            var prompt = reply.PromptTokens;
            var completion = reply.CompletionTokens ?? reply.Parts.Length;
            yield return Event(FakeJson.Write(w =>
            {
                WriteHead(w, model);
                w.WriteStartArray("choices");
                w.WriteEndArray();
                w.WriteStartObject("usage");
                w.WriteNumber("prompt_tokens", prompt);
                w.WriteNumber("completion_tokens", completion);
                w.WriteNumber("total_tokens", prompt + completion);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }

        yield return Event("[DONE]");
    }

    /// <summary>One raw SSE event: <c>data: &lt;payload&gt;\n\n</c>.</summary>
    public static byte[] Event(string payload) => Encoding.UTF8.GetBytes("data: " + payload + "\n\n");

    public static string ModelList(IEnumerable<string> models) => FakeJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var model in models)
        {
            w.WriteStartObject();
            w.WriteString("id", model);
            w.WriteString("object", "model");
            w.WriteString("owned_by", "fake");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Chunk(string model, Action<Utf8JsonWriter> writeChoice) => FakeJson.Write(w =>
    {
        WriteHead(w, model);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        writeChoice(w);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteHead(Utf8JsonWriter w, string model)
    {
        w.WriteStartObject();
        w.WriteString("id", "chatcmpl-fake");
        w.WriteString("object", "chat.completion.chunk");
        w.WriteNumber("created", 1700000000);
        w.WriteString("model", model);
    }
}

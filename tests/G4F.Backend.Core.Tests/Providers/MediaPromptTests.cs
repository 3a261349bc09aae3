using System.Text.Json.Nodes;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The prompt of a media answer: the request's prompt, else the last user message (the original's get_last_user_message).</summary>
public sealed class MediaPromptTests
{
    [Fact]
    public void The_request_prompt_wins()
    {
        var request = new ChatRequest { Messages = Messages(("user", "long chat text")), Prompt = "a red fox" };

        MediaPrompt.Of(request).Should().Be("a red fox");
    }

    [Fact]
    public void The_trailing_run_of_user_messages_is_trimmed_and_joined_and_trailing_other_roles_are_skipped()
    {
        var messages = Messages(("user", "old"), ("assistant", "ok"), ("user", " first "), ("user", "second"), ("assistant", "thinking..."));

        MediaPrompt.LastUserText(messages).Should().Be("first\nsecond");
    }

    [Fact]
    public void Text_parts_are_concatenated_and_other_parts_ignored()
    {
        var content = new JsonArray(
            new JsonObject { ["type"] = "text", ["text"] = "a fox " },
            new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64,AAAA" } },
            new JsonObject { ["text"] = "in snow" });
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content });

        MediaPrompt.LastUserText(messages).Should().Be("a fox in snow");
    }

    [Fact]
    public void A_last_user_message_without_text_gives_no_prompt_rather_than_an_older_one()
    {
        var image = new JsonArray(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "https://x/a.png" } });
        var messages = Messages(("user", "older request"), ("assistant", "done"));
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = image });

        MediaPrompt.LastUserText(messages).Should().BeNull();
        MediaPrompt.LastUserText(Messages(("system", "Be brief."))).Should().BeNull();
    }

    private static JsonArray Messages(params (string Role, string Content)[] messages) =>
        [.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })];
}

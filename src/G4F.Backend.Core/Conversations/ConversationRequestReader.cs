using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Requests;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>
/// Reads a conversation request (PROTOCOL 3.1) for a host: the limit of its body, the JSON object into a
/// <see cref="ChatRequest"/> for <see cref="ConversationService.RunAsync"/>, and the files a form attaches.
/// </summary>
public sealed class ConversationRequestReader
{
    private readonly IOptions<ConversationOptions> _options;

    internal ConversationRequestReader(IOptions<ConversationOptions> options)
    {
        _options = options;
    }

    /// <summary>The most bytes a conversation request body may have, files of a form included.</summary>
    public long MaxBodyBytes => _options.Value.MaxRequestBodyBytes;

    /// <summary>The most JSON values (objects, arrays, strings, numbers, literals) a JSON request body may hold.</summary>
    public int MaxJsonValues => _options.Value.MaxRequestJsonValues;

    /// <summary>
    /// The request of a JSON body. Only a missing or malformed <c>messages</c> list refuses it; an optional field of the
    /// wrong shape is left out and noted in the request's debug log (the official client sends whatever its settings form holds).
    /// </summary>
    /// <param name="body">The parsed JSON object.</param>
    /// <returns>The request, or the refusal (invalid messages).</returns>
    public ServiceResult<ChatRequest> Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ChatRequestReader.TryRead(body, out var request, out var error) ? request! : RequestRefusal.Invalid(error!);
    }

    /// <summary>
    /// The request of a JSON body in OpenAI's strict reading: like <see cref="Read(JsonObject)"/>, but an optional field
    /// of the wrong shape, or <c>tools</c>, <c>tool_choice</c> or <c>response_format</c> beyond their bounds (128 tools,
    /// 32 levels, 20,000 JSON values), refuses the request with a message naming the field instead of being left out.
    /// </summary>
    /// <param name="body">The parsed JSON object.</param>
    /// <returns>The request, or the refusal naming the first invalid field.</returns>
    public ServiceResult<ChatRequest> ReadStrict(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ChatRequestReader.TryRead(body, out var request, out var error, out var field, strict: true) ? request! : RequestRefusal.Invalid(error!, field);
    }

    /// <summary>
    /// A file a form attached (its <c>files</c> field), as media of the turn: only names with a media extension are
    /// used (PROTOCOL 3.1, 16.1); others are dropped with a note for the debug log.
    /// </summary>
    /// <param name="clientFileName">The file name the client sent.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="media">The attached media, when used.</param>
    /// <param name="note">Why the file was dropped, when it was (names no path of the server).</param>
    /// <returns>Whether the file is attached.</returns>
    public bool TryAttachFile(string? clientFileName, ReadOnlyMemory<byte> content, [NotNullWhen(true)] out ChatMedia? media, [NotNullWhen(false)] out string? note)
    {
        var name = Path.GetFileName(clientFileName ?? string.Empty);
        if (name.Length > 0 && MediaTypes.IsMedia(name))
        {
            media = ChatMedia.FromBytes(content, name);
            note = null;
            return true;
        }

        media = null;
        note = $"Dropped uploaded file '{SafeName.Sanitize(name)}': only files with a media extension are attached";
        return false;
    }
}

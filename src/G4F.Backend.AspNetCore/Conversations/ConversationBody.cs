using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Providers;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary>A read conversation request: its JSON (or the refusal), the media of the form, and notes for the debug log.</summary>
/// <param name="Read">The JSON object, or the status and message to refuse the request with.</param>
/// <param name="FormMedia">The form's <c>files</c> and <c>media_url</c>; null when it had none (the JSON's <c>media</c> then applies).</param>
/// <param name="Notes">What was dropped while reading (files without a media extension).</param>
internal sealed record ConversationBody(BodyReadResult Read, IReadOnlyList<ChatMedia>? FormMedia = null, IReadOnlyList<string>? Notes = null);

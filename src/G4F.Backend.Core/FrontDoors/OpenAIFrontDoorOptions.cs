using System.ComponentModel.DataAnnotations;

namespace G4F.Backend.FrontDoors;

/// <summary>The OpenAI-compatible front door mounted by <c>MapG4FOpenAI()</c> (configuration <c>G4F:OpenAI</c>).</summary>
public sealed class OpenAIFrontDoorOptions
{
    /// <summary>
    /// The keys callers must send as <c>Authorization: Bearer &lt;key&gt;</c> to use the front door; any other request is
    /// answered 401. Empty (the default): any bearer is accepted, and it is the caller's own key only for providers that
    /// have no configured key (when <c>G4F:AllowClientApiKeys</c> allows client keys). Keys are compared in constant
    /// time and never logged. At most 64 keys, each 8 to 512 characters without white space.
    /// </summary>
    [MaxLength(64, ErrorMessage = "G4F:OpenAI:ApiKeys may hold at most 64 keys.")]
    [ApiKeyList(ErrorMessage = "G4F:OpenAI:ApiKeys holds a key that is empty, shorter than 8 or longer than 512 characters, or contains white space.")]
    public IList<string> ApiKeys { get; set; } = [];
}

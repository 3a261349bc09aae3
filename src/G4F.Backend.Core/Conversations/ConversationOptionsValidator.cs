using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>Checks <see cref="ConversationOptions"/> at start (generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class ConversationOptionsValidator : IValidateOptions<ConversationOptions>;

using Microsoft.Extensions.Options;

namespace G4F.Backend.QuickAnswers;

/// <summary>Checks <see cref="QuickAnswerOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class QuickAnswerOptionsValidator : IValidateOptions<QuickAnswerOptions>;

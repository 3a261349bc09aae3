using Microsoft.Extensions.Options;

namespace G4F.Backend.Speech;

/// <summary>Checks that every <c>G4F:Speech:Aliases</c> entry names a provider.</summary>
internal sealed class SpeechOptionsValidator : IValidateOptions<SpeechOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechOptions options)
    {
        var failures = options.Aliases.Where(alias => string.IsNullOrWhiteSpace(alias.Value))
            .Select(alias => $"G4F:Speech:Aliases:{alias.Key} must name a provider.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

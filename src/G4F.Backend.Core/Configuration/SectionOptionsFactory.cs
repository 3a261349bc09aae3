using Microsoft.Extensions.Options;

namespace G4F.Backend.Configuration;

/// <summary>
/// Makes one section of <see cref="G4FBackendOptions"/> an options object of its own: a feature injects
/// <c>IOptions&lt;TSection&gt;</c> and nothing else, the section is checked by its own validators (at start, with
/// <c>ValidateOnStart</c>), and a host still sets every section through the one <c>G4F</c> binding or the
/// <c>AddG4FBackend(options =&gt; ...)</c> callback.
/// </summary>
internal sealed class SectionOptionsFactory<TSection>(
    BoundRootOptions root,
    string key,
    Func<G4FBackendOptions, TSection> select,
    IEnumerable<IValidateOptions<TSection>> validators) : IOptionsFactory<TSection>
    where TSection : class
{
    private readonly IValidateOptions<TSection>[] _validators = [.. validators];

    public TSection Create(string name)
    {
        var section = select(root.Get(name))
            ?? throw new OptionsValidationException(name, typeof(TSection), [$"{key} must not be null."]);
        List<string>? failures = null;
        foreach (var validator in _validators)
        {
            var result = validator.Validate(name, section);
            if (result.Failed)
            {
                (failures ??= []).AddRange(result.Failures.Select(KeyFirst));
            }
        }

        return failures is null ? section : throw new OptionsValidationException(name, typeof(TSection), failures);
    }

    // The generated validators put the member name before each message ("MaxBytes: G4F:Downloads:MaxBytes must ...");
    // the messages already name the configuration key, which is what an operator looks up.
    private static string KeyFirst(string failure)
    {
        var keyStart = failure.IndexOf(": G4F:", StringComparison.Ordinal);
        return keyStart > 0 && !failure.AsSpan(0, keyStart).Contains(' ') ? failure[(keyStart + 2)..] : failure;
    }
}

using G4F.Backend;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Makes one section of <see cref="G4FBackendOptions"/> an options object of its own: a feature injects
/// <c>IOptions&lt;TSection&gt;</c> and nothing else, the section is checked by its own validators (at start, with
/// <c>ValidateOnStart</c>), and a host sets every section through the one <c>G4F</c> binding, the
/// <c>AddG4FBackend(options =&gt; ...)</c> callback, or <c>services.Configure&lt;TSection&gt;</c> and
/// <c>PostConfigure&lt;TSection&gt;</c> as for any options.
/// </summary>
internal sealed class SectionOptionsFactory<TSection>(
    BoundRootOptions root,
    string key,
    Func<G4FBackendOptions, TSection> select,
    IEnumerable<IConfigureOptions<TSection>> setups,
    IEnumerable<IPostConfigureOptions<TSection>> postConfigures,
    IEnumerable<IValidateOptions<TSection>> validators) : IOptionsFactory<TSection>
    where TSection : class
{
    private readonly IConfigureOptions<TSection>[] _setups = [.. setups];
    private readonly IPostConfigureOptions<TSection>[] _postConfigures = [.. postConfigures];
    private readonly IValidateOptions<TSection>[] _validators = [.. validators];

    // A section is often the very object the root holds (o => o.Buckets), and the root is bound once per name: the
    // host's actions run once per name too, so a scoped IOptionsSnapshot does not apply an "add" action again.
    private readonly OptionsCache<TSection> _configured = new();

    public TSection Create(string name)
    {
        var section = _configured.GetOrAdd(name, () => Configure(name));
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

    // As OptionsFactory<T> does: the configure actions in registration order (an unnamed one only for the default
    // name), then the post-configure actions; validation comes after both.
    private TSection Configure(string name)
    {
        var section = select(root.Get(name))
            ?? throw new OptionsValidationException(name, typeof(TSection), [$"{key} must not be null."]);
        foreach (var setup in _setups)
        {
            if (setup is IConfigureNamedOptions<TSection> named)
            {
                named.Configure(name, section);
            }
            else if (name == Microsoft.Extensions.Options.Options.DefaultName)
            {
                setup.Configure(section);
            }
        }

        foreach (var post in _postConfigures)
        {
            post.PostConfigure(name, section);
        }

        return section;
    }

    // The generated validators put the member name before each message ("MaxBytes: G4F:Downloads:MaxBytes must ...");
    // the messages already name the configuration key, which is what an operator looks up.
    private static string KeyFirst(string failure)
    {
        var keyStart = failure.IndexOf(": G4F:", StringComparison.Ordinal);
        return keyStart > 0 && !failure.AsSpan(0, keyStart).Contains(' ') ? failure[(keyStart + 2)..] : failure;
    }
}

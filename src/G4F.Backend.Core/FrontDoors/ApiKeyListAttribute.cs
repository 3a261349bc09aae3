using System.ComponentModel.DataAnnotations;

namespace G4F.Backend.FrontDoors;

/// <summary>Every key of a list is 8 to 512 characters without white space: a blank entry (an empty environment variable) would otherwise be a key anyone could guess.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ApiKeyListAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not IEnumerable<string?> keys || keys.All(k => k is { Length: >= 8 and <= 512 } && !k.Any(char.IsWhiteSpace));
}

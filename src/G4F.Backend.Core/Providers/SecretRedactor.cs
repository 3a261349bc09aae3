using System.Text.RegularExpressions;

namespace G4F.Backend.Providers;

/// <summary>Removes credentials from text that may reach a client or a log (upstream error bodies echo keys).</summary>
internal static partial class SecretRedactor
{
    private const string Mask = "***";

    /// <summary>Replaces <paramref name="secret"/> and bearer tokens in <paramref name="text"/> with a mask.</summary>
    public static string Redact(string text, string? secret)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return BearerToken().Replace(text, "Bearer " + Mask);
    }

    [GeneratedRegex(@"Bearer\s+[^\s""',;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}

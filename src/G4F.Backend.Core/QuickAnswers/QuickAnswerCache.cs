using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// The answers of <c>GET /create?cache=...</c> (PROTOCOL 4), one file per key under <c>&lt;data&gt;/create-cache/</c>. The key is
/// the SHA-256 of the cache value and the request's parameters, so the file name never carries client text. A file holds
/// a kind line (<c>text</c> or <c>media</c>) and the answer; it is written to a temporary file and moved into place, so a
/// reader never sees half an answer.
/// </summary>
internal sealed class QuickAnswerCache(DataPaths paths)
{
    /// <summary>The cache folder under the data directory.</summary>
    public const string Folder = "create-cache";

    private const string TextKind = "text";
    private const string MediaKind = "media";

    /// <summary>The key of <paramref name="cacheValue"/> with the canonical <paramref name="parameters"/>: 64 hex characters.</summary>
    public static string KeyOf(string cacheValue, string parameters) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cacheValue + parameters)));

    /// <summary>The stored answer under <paramref name="key"/>, or null when there is none (or it cannot be read).</summary>
    public async Task<CachedAnswer?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = paths.Combine(Folder, key + ".txt");
        string content;
        try
        {
            content = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var newline = content.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return null;
        }

        var text = content[(newline + 1)..];
        return content.AsSpan(0, newline) switch
        {
            TextKind when text.Length > 0 => new CachedAnswer(text, IsMedia: false),
            MediaKind when text.Length > 0 => new CachedAnswer(text, IsMedia: true),
            _ => null,
        };
    }

    /// <summary>Stores <paramref name="answer"/> under <paramref name="key"/>; an empty answer is never stored.</summary>
    public async Task StoreAsync(string key, CachedAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Text.Length == 0)
        {
            return;
        }

        var folder = paths.Folder(Folder);
        var temp = Path.Combine(folder, $"{key}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, (answer.IsMedia ? MediaKind : TextKind) + "\n" + answer.Text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, paths.Combine(Folder, key + ".txt"), overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

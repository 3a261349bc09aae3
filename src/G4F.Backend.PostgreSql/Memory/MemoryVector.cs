using System.Globalization;
using System.Text;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// The <c>tsvector</c> text of an item: its words, each prefixed with the user's key (<see cref="MemoryUser"/>), with
/// their positions (for phrases), plus the user's token. Bounded to
/// what PostgreSQL accepts: positions up to 16383, at most 256 positions a word, and the distinct words' text well under
/// the 1 MiB a tsvector holds; words past those bounds are still stored in the item, only not searchable.
/// </summary>
internal static class MemoryVector
{
    private const int MaxPosition = 16383;
    private const int MaxPositionsPerWord = 256;
    private const int MaxLexemeBytes = 512 * 1024;

    public static string Build(string content, string userToken, string userKey)
    {
        var words = new List<string>();
        MemoryWords.Split(content, words);
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetByteCount(userToken);
        for (var i = 0; i < words.Count && i < MaxPosition; i++)
        {
            if (!positions.TryGetValue(words[i], out var list))
            {
                bytes += userKey.Length + Encoding.UTF8.GetByteCount(words[i]);
                if (bytes > MaxLexemeBytes)
                {
                    break;
                }

                positions[words[i]] = list = [];
            }

            if (list.Count < MaxPositionsPerWord)
            {
                list.Add(i + 1);
            }
        }

        var vector = new StringBuilder(MemoryWords.Quote(userToken));
        foreach (var (word, list) in positions)
        {
            vector.Append(' ').Append(MemoryWords.Quote(userKey + word)).Append(':');
            vector.AppendJoin(',', list.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        }

        return vector.ToString();
    }
}

using System.Text;

namespace G4F.Backend.Bench;

/// <summary>
/// Deterministic synthetic conversation text: words from a made-up vocabulary drawn with a Zipf
/// distribution, so a few words are everywhere and most are rare, as in real text.
/// </summary>
internal sealed class MemoryCorpus
{
    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "be", "do", "fa", "gu", "he", "ji", "ku", "le", "ma", "ni", "po", "ri", "sa", "to", "ve", "zo"];

    private readonly Random _random;
    private readonly double[] _cumulative;

    public MemoryCorpus(int seed, int vocabularySize = 20_000)
    {
        _random = new Random(seed);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var builder = new StringBuilder();
        while (words.Count < vocabularySize)
        {
            builder.Clear();
            var syllables = _random.Next(2, 5);
            for (var i = 0; i < syllables; i++)
            {
                builder.Append(Syllables[_random.Next(Syllables.Length)]);
            }

            words.Add(builder.ToString());
        }

        Words = [.. words];
        _cumulative = new double[Words.Count];
        var sum = 0.0;
        for (var rank = 0; rank < Words.Count; rank++)
        {
            sum += 1.0 / (rank + 1);
            _cumulative[rank] = sum;
        }

        for (var rank = 0; rank < Words.Count; rank++)
        {
            _cumulative[rank] /= sum;
        }
    }

    /// <summary>The vocabulary, most frequent first.</summary>
    public IReadOnlyList<string> Words { get; }

    public Random Random => _random;

    /// <summary>One item's text: 8 to 30 words.</summary>
    public string Sentence()
    {
        var builder = new StringBuilder();
        var count = _random.Next(8, 31);
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? string.Empty : " ").Append(Word());
        }

        return builder.ToString();
    }

    public string Word()
    {
        var index = Array.BinarySearch(_cumulative, _random.NextDouble());
        return Words[Math.Min(index < 0 ? ~index : index, Words.Count - 1)];
    }

    /// <summary>A word of middling frequency (rank 100 to 5,000): what a user would search for.</summary>
    public string SearchWord() => Words[_random.Next(100, Math.Min(5_000, Words.Count))];
}

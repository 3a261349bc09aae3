namespace G4F.Backend.Documents;

/// <summary>
/// Guesses the delimiter of a <c>.csv</c> file from its first lines: comma, semicolon (what Excel writes where the
/// comma is the decimal separator), tab or pipe, whichever splits the most lines into the same number of fields.
/// Delimiters inside quotes do not count. A file no candidate splits is read with commas.
/// </summary>
internal static class CsvDelimiter
{
    /// <summary>How much of the file's start is looked at.</summary>
    public const int SampleChars = 64 * 1024;

    /// <summary>How many records are compared at most.</summary>
    public const int SampleLines = 50;

    // In order of preference when two split the sample equally well.
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    /// <summary>
    /// The delimiter of the records in <paramref name="sample"/>; <paramref name="complete"/> says whether it is the
    /// whole file (otherwise its last, perhaps cut, line is not compared).
    /// </summary>
    public static char Sniff(ReadOnlySpan<char> sample, bool complete)
    {
        var counts = new List<int[]>();
        var current = new int[Candidates.Length];
        var quoted = false;
        var hasText = false;
        foreach (var c in sample)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                if (hasText)
                {
                    counts.Add(current);
                    if (counts.Count == SampleLines)
                    {
                        break;
                    }
                }

                current = new int[Candidates.Length];
                hasText = false;
                continue;
            }
            else if (!quoted && Array.IndexOf(Candidates, c) is var index and >= 0)
            {
                current[index]++;
            }

            hasText = true;
        }

        if (hasText && complete && counts.Count < SampleLines)
        {
            counts.Add(current);
        }

        var best = Candidates[0];
        (int Lines, int Fields) bestScore = (0, 0);
        for (var i = 0; i < Candidates.Length; i++)
        {
            var score = Consistency(counts, i);
            if (score.Lines > bestScore.Lines || (score.Lines == bestScore.Lines && score.Lines > 0 && score.Count > bestScore.Fields))
            {
                (best, bestScore) = (Candidates[i], (score.Lines, score.Count));
            }
        }

        return best;
    }

    // The most common non-zero count of this delimiter per record and how many records have it; (0, 0) when it never occurs.
    private static (int Lines, int Count) Consistency(List<int[]> counts, int candidate)
    {
        var frequency = new Dictionary<int, int>();
        foreach (var line in counts)
        {
            if (line[candidate] > 0)
            {
                frequency[line[candidate]] = frequency.GetValueOrDefault(line[candidate]) + 1;
            }
        }

        return frequency.Count == 0 ? (0, 0) : frequency.OrderByDescending(f => f.Value).ThenByDescending(f => f.Key).Select(f => (f.Value, f.Key)).First();
    }
}

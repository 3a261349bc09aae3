namespace G4F.Backend.Documents;

/// <summary>
/// The page count a PDF declares, read from its bytes before PdfPig opens it: PdfPig builds its whole page tree (a
/// dictionary and a node for every page, about 1 KiB each) inside <c>PdfDocument.Open</c>, before a caller can ask how
/// many pages there are. Every <c>/Count</c> of a dictionary that also has <c>/Kids</c> (a page tree node) is read
/// where it is written in the file, and as a /Count may lie (PdfPig walks the kids whatever it says), the references
/// in every <c>/Kids</c> array are counted too: a tree of N pages lists at most 2N nodes. What is written in a
/// compressed object stream is not seen here, and is caught by the page count PdfPig reports once the tree is built.
/// </summary>
internal static class PdfPageCountScan
{
    /// <summary>
    /// The largest page count over <paramref name="limit"/> a page tree node of <paramref name="pdf"/> declares; null
    /// when none does.
    /// </summary>
    public static long? DeclaredOver(ReadOnlySpan<byte> pdf, int limit)
    {
        // Each candidate costs a walk to the bounds of its dictionary: a file of many large /Count entries in one huge
        // dictionary stops being checked after this much work (the count PdfPig reports is checked still).
        var work = 4L * pdf.Length;
        long? largest = null;
        for (var at = 0; at < pdf.Length && work > 0;)
        {
            var found = pdf[at..].IndexOf("/Count"u8);
            if (found < 0)
            {
                break;
            }

            var name = at + found;
            at = name + 6;
            if (at < pdf.Length && !IsDelimiter(pdf[at]))
            {
                continue;
            }

            if (ReadCount(pdf[at..]) is { } count && count > limit && count > (largest ?? 0) && HasKids(pdf, name, ref work))
            {
                largest = count;
            }
        }

        return largest;
    }

    /// <summary>
    /// Whether the <c>/Kids</c> arrays written in <paramref name="pdf"/> list more than <paramref name="limit"/>
    /// references in all (pages and page tree nodes alike).
    /// </summary>
    public static bool KidsOver(ReadOnlySpan<byte> pdf, long limit)
    {
        long references = 0;
        for (var at = 0; at < pdf.Length;)
        {
            var found = pdf[at..].IndexOf("/Kids"u8);
            if (found < 0)
            {
                return false;
            }

            at += found + 5;
            while (at < pdf.Length && IsWhiteSpace(pdf[at]))
            {
                at++;
            }

            if (at >= pdf.Length || pdf[at] != '[')
            {
                continue;
            }

            // Each reference is "n g R": count the R tokens up to the array's end.
            for (at++; at < pdf.Length && pdf[at] != ']'; at++)
            {
                if (pdf[at] == 'R' && IsDelimiter(pdf[at - 1]) && (at + 1 == pdf.Length || IsDelimiter(pdf[at + 1])) && ++references > limit)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static long? ReadCount(ReadOnlySpan<byte> rest)
    {
        var i = 0;
        while (i < rest.Length && IsWhiteSpace(rest[i]))
        {
            i++;
        }

        long count = 0;
        var digits = 0;
        for (; i < rest.Length && rest[i] is >= (byte)'0' and <= (byte)'9'; i++, digits++)
        {
            count = Math.Min((count * 10) + (rest[i] - '0'), int.MaxValue + 1L);
        }

        return digits > 0 ? count : null;
    }

    // Whether the innermost dictionary around the name at `name` has a /Kids entry of its own.
    private static bool HasKids(ReadOnlySpan<byte> pdf, int name, ref long work)
    {
        var start = -1;
        for (int i = name - 1, depth = 0; i > 0 && work > 0; i--, work--)
        {
            if (pdf[i] == '>' && pdf[i - 1] == '>')
            {
                depth++;
                i--;
            }
            else if (pdf[i] == '<' && pdf[i - 1] == '<')
            {
                if (depth-- == 0)
                {
                    start = i + 1;
                    break;
                }

                i--;
            }
        }

        for (int i = start, depth = 0; start >= 0 && i < pdf.Length - 1 && work > 0; i++, work--)
        {
            if (pdf[i] == '<' && pdf[i + 1] == '<')
            {
                depth++;
                i++;
            }
            else if (pdf[i] == '>' && pdf[i + 1] == '>')
            {
                if (depth-- == 0)
                {
                    return false;
                }

                i++;
            }
            else if (depth == 0 && pdf[i] == '/' && pdf[(i + 1)..].StartsWith("Kids"u8) && (i + 5 >= pdf.Length || IsDelimiter(pdf[i + 5])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWhiteSpace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte b) => IsWhiteSpace(b) || b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';
}

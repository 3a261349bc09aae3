using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// The reader HtmlAgilityPack loads a page from: the library reads the whole text (<see cref="ReadToEnd"/>) before it
/// parses it, so the page's attributes are counted (<see cref="HtmlAttributeCounter"/>) on the decoded text in that same
/// read, and the load stops before the library builds one attribute when there are more than the budget allows. A
/// <see cref="StreamReader"/>, so the library still sees the decoding it would have made itself.
/// </summary>
internal sealed class HtmlAttributeBudgetReader(Stream stream, Encoding encoding, long maxAttributes)
    : StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: -1, leaveOpen: true)
{
    private const int ChunkChars = 16 * 1024;

    /// <summary>The message of a page over the attribute budget.</summary>
    public static string TooMany(long maxAttributes) => $"The HTML file has more than {maxAttributes} attributes, too many to convert.";

    public override string ReadToEnd()
    {
        var counter = new HtmlAttributeCounter();
        var text = new StringBuilder();
        var chunk = new char[ChunkChars];
        int read;
        while ((read = Read(chunk, 0, chunk.Length)) > 0)
        {
            if (counter.Add(chunk.AsSpan(0, read), maxAttributes) >= 0)
            {
                throw new DocumentConversionException(TooMany(maxAttributes));
            }

            text.Append(chunk, 0, read);
        }

        return text.ToString();
    }
}

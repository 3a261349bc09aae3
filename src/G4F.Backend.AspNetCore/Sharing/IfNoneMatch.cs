using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace G4F.Backend.AspNetCore.Sharing;

/// <summary>
/// <c>If-None-Match</c> against a chat's version in every form a client sends: the official client's bare
/// number, a quoted or weak entity tag, a comma-separated list, <c>*</c>. Anything else simply does not match
/// (the original answered 500 to a non-numeric value, PROTOCOL 14.17).
/// </summary>
internal static class IfNoneMatch
{
    public static bool Matches(StringValues header, long version)
    {
        foreach (var value in header)
        {
            var text = value.AsSpan();
            foreach (var range in text.Split(','))
            {
                var tag = text[range].Trim();
                if (tag is "*")
                {
                    return true;
                }

                if (tag.StartsWith("W/", StringComparison.Ordinal))
                {
                    tag = tag[2..];
                }

                if (tag is ['"', .. var inner, '"'])
                {
                    tag = inner;
                }

                if (long.TryParse(tag, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number == version)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

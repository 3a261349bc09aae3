using System.Text;
using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>
/// Counts the attributes HtmlAgilityPack will create for a page, from its text and before the library parses it: the
/// library makes an object (about 130 bytes) for each, and one tag of eight million attributes (<c>&lt;p a a a ...</c>,
/// 16 MB) cost 1 GB although it is a single tag. The count follows the library's own tokenizer (HtmlDocument.Parse in
/// 1.13): an attribute starts at a character that is not white space, <c>/</c>, <c>?</c> or <c>&gt;</c> between
/// attributes of a tag; quoted values, comments, server code (<c>&lt;% %&gt;</c>) and the raw text of script, style,
/// textarea and title elements are stepped over as the library steps over them, so a <c>&gt;</c> inside a quoted value
/// does not end the tag here either. The text is fed in pieces of any size.
/// </summary>
internal sealed class HtmlAttributeCounter
{
    private const int MaxNameLength = 16;

    private readonly StringBuilder _name = new();
    private State _state = State.Text;
    private bool _afterLessThan;
    private bool _afterPercent;
    private State _serverReturn;
    private char _quote;
    private bool _startTag;
    private int _commentLength;
    private char _commentSecond;
    private bool _fullComment;
    private char _last1;
    private char _last2;
    private char _last3;
    private string _rawTextEnd = string.Empty;
    private int _rawTextMatched;

    private enum State
    {
        Text,
        Tag,
        BetweenAttributes,
        EmptyTag,
        AttributeName,
        BeforeEquals,
        AfterEquals,
        Value,
        QuotedValue,
        Comment,
        ServerCode,
        RawText,
    }

    /// <summary>The attributes counted so far.</summary>
    public long Attributes { get; private set; }

    /// <summary>
    /// Counts the attributes starting in <paramref name="text"/>; returns the index of the character at which the count
    /// went over <paramref name="maxAttributes"/>, or -1 when it did not.
    /// </summary>
    public int Add(ReadOnlySpan<char> text, long maxAttributes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            Process(text[i]);
            if (Attributes > maxAttributes)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsWhiteSpace(char c) => c is '\n' or '\r' or ' ' or '\t';

    private void Process(char c)
    {
        if (_afterLessThan)
        {
            _afterLessThan = false;
            AfterLessThan(c);
            return;
        }

        if (_afterPercent)
        {
            _afterPercent = false;
            if (c == '>')
            {
                _state = _serverReturn == State.AfterEquals ? State.Value : _serverReturn;
                return;
            }
        }

        Step(c, newCheck: true);
    }

    // The library decides what a '<' starts by the character after it (HtmlDocument.NewCheck and IsValidTag).
    private void AfterLessThan(char next)
    {
        if (next == '%')
        {
            // Server code; between attributes the library starts an attribute for it.
            if (_state == State.BetweenAttributes)
            {
                Attributes++;
            }

            _serverReturn = _state;
            _state = State.ServerCode;
            Step(next, newCheck: true);
            return;
        }

        if (_state == State.QuotedValue)
        {
            Step(next, newCheck: true);
            return;
        }

        if (char.IsLetter(next) || next is '/' or '?' or '!')
        {
            _name.Clear();
            if (next is '!' or '?')
            {
                _state = State.Comment;
                _commentLength = 0;
                _fullComment = false;
                _last1 = _last2 = _last3 = '\0';
                Step(next, newCheck: true);
            }
            else if (next == '/')
            {
                _state = State.Tag;
                _startTag = false;
            }
            else
            {
                _state = State.Tag;
                _startTag = true;
                Step(next, newCheck: true);
            }

            return;
        }

        // Not a tag: the '<' is an ordinary character where it stands.
        Step('<', newCheck: false);
        Process(next);
    }

    private void Step(char c, bool newCheck)
    {
        if (newCheck && c == '<' && _state is not (State.Comment or State.ServerCode or State.RawText))
        {
            _afterLessThan = true;
            return;
        }

        switch (_state)
        {
            case State.Tag:
                if (IsWhiteSpace(c))
                {
                    _state = State.BetweenAttributes;
                }
                else if (c == '/')
                {
                    _state = State.EmptyTag;
                }
                else if (c == '>')
                {
                    EndTag();
                }
                else if (_name.Length <= MaxNameLength)
                {
                    _name.Append(c);
                }

                break;
            case State.BetweenAttributes:
                if (c is '/' or '?')
                {
                    _state = State.EmptyTag;
                }
                else if (c == '>')
                {
                    EndTag();
                }
                else if (!IsWhiteSpace(c))
                {
                    Attributes++;
                    _state = State.AttributeName;
                }

                break;
            case State.EmptyTag:
                if (c == '>')
                {
                    EndTag();
                }
                else
                {
                    _state = State.BetweenAttributes;
                    if (!IsWhiteSpace(c))
                    {
                        Step(c, newCheck);
                    }
                }

                break;
            case State.AttributeName:
                if (c == '/' || IsWhiteSpace(c))
                {
                    _state = State.BeforeEquals;
                }
                else if (c == '=')
                {
                    _state = State.AfterEquals;
                }
                else if (c == '>')
                {
                    EndTag();
                }

                break;
            case State.BeforeEquals:
                if (c == '>')
                {
                    EndTag();
                }
                else if (c == '=')
                {
                    _state = State.AfterEquals;
                }
                else if (!IsWhiteSpace(c))
                {
                    _state = State.BetweenAttributes;
                    Step(c, newCheck);
                }

                break;
            case State.AfterEquals:
                if (c is '\'' or '"')
                {
                    _quote = c;
                    _state = State.QuotedValue;
                }
                else if (c == '>')
                {
                    EndTag();
                }
                else if (!IsWhiteSpace(c))
                {
                    _state = State.Value;
                }

                break;
            case State.Value:
                if (IsWhiteSpace(c))
                {
                    _state = State.BetweenAttributes;
                }
                else if (c == '>')
                {
                    EndTag();
                }

                break;
            case State.QuotedValue:
                if (c == _quote)
                {
                    _state = State.BetweenAttributes;
                }

                break;
            case State.Comment:
                Comment(c);
                break;
            case State.ServerCode:
                if (c == '%')
                {
                    _afterPercent = true;
                }
                else if (_serverReturn == State.QuotedValue && c == _quote)
                {
                    _state = State.QuotedValue;
                    Step(c, newCheck: true);
                }

                break;
            case State.RawText:
                RawText(c);
                break;
        }
    }

    // "<!--" comments end at "-->" (or "--!>"), other "<!" and "<?" ones at the first '>'.
    private void Comment(char c)
    {
        _commentLength++;
        if (_commentLength == 2)
        {
            _commentSecond = c;
        }
        else if (_commentLength == 3)
        {
            _fullComment = _commentSecond == '-' && c == '-';
        }

        if (c == '>' && (!_fullComment || (_last1 == '-' && _last2 == '-') || (_last1 == '!' && _last2 == '-' && _last3 == '-')))
        {
            _state = State.Text;
            return;
        }

        _last3 = _last2;
        _last2 = _last1;
        _last1 = c;
    }

    // A start tag of script, style, textarea or title is followed by raw text up to "</name" and white space or '>'.
    private void EndTag()
    {
        if (_startTag && _name.Length <= MaxNameLength && _name.Length > 0 && HtmlNode.IsCDataElement(_name.ToString()))
        {
            _rawTextEnd = "</" + _name;
            _rawTextMatched = 0;
            _state = State.RawText;
            return;
        }

        _state = State.Text;
    }

    private void RawText(char c)
    {
        if (_rawTextMatched == _rawTextEnd.Length)
        {
            if (c == '>' || IsWhiteSpace(c))
            {
                _state = State.Tag;
                _startTag = false;
                Step(c, newCheck: true);
                return;
            }

            _rawTextMatched = 0;
        }

        if (char.ToUpperInvariant(c) == char.ToUpperInvariant(_rawTextEnd[_rawTextMatched]))
        {
            _rawTextMatched++;
        }
        else
        {
            _rawTextMatched = c == '<' ? 1 : 0;
        }
    }
}

namespace G4F.Backend.Documents;

/// <summary>What <see cref="PdfContentLexer"/> found next in a content stream.</summary>
internal enum PdfContentTokenKind
{
    End,
    Number,
    LiteralString,
    HexString,
    Name,
    ArrayOpen,
    ArrayClose,
    DictionaryOpen,
    DictionaryClose,

    /// <summary>An operator, or one of the keywords <c>true</c>, <c>false</c> and <c>null</c>.</summary>
    Keyword,
}

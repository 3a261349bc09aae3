namespace G4F.Backend.Documents;

/// <summary>
/// An operand waiting for its operator: a number's value, or where a string's or name's bytes lie in the content
/// being read (arrays are their open and close marks in the list, dictionaries a placeholder).
/// </summary>
internal readonly record struct PdfOperand(PdfContentTokenKind Kind, double Number, int Start, int Length);

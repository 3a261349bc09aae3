using UglyToad.PdfPig.Core;

namespace G4F.Backend.Documents;

/// <summary>
/// An affine PDF matrix <c>[a b c d e f]</c> in the specification's row-vector convention (a point is
/// <c>[x y 1] × M</c>): the six numbers PdfPig's 3×3 <see cref="TransformationMatrix"/> carries, without its
/// three constant ones, so the text showing loop multiplies and transforms with a third of the arithmetic.
/// </summary>
internal readonly record struct PdfMatrix(double A, double B, double C, double D, double E, double F)
{
    public static PdfMatrix Identity { get; } = new(1, 0, 0, 1, 0, 0);

    public static PdfMatrix From(in TransformationMatrix matrix) => new(matrix.A, matrix.B, matrix.C, matrix.D, matrix.E, matrix.F);

    /// <summary><c>this × other</c>: this transformation first, then <paramref name="other"/>.</summary>
    public PdfMatrix Then(in PdfMatrix other) => new(
        (A * other.A) + (B * other.C),
        (A * other.B) + (B * other.D),
        (C * other.A) + (D * other.C),
        (C * other.B) + (D * other.D),
        (E * other.A) + (F * other.C) + other.E,
        (E * other.B) + (F * other.D) + other.F);

    /// <summary>A translation by (<paramref name="x"/>, <paramref name="y"/>) applied before this matrix.</summary>
    public PdfMatrix TranslatedBy(double x, double y) => this with { E = (x * A) + (y * C) + E, F = (x * B) + (y * D) + F };

    public (double X, double Y) Transform(double x, double y) => ((A * x) + (C * y) + E, (B * x) + (D * y) + F);
}

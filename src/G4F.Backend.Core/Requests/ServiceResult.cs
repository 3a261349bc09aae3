using System.Diagnostics.CodeAnalysis;

namespace G4F.Backend.Requests;

/// <summary>What a feature service answers: a value, or the <see cref="RequestRefusal"/> that stands instead of it.</summary>
/// <typeparam name="T">The value of an accepted request.</typeparam>
public sealed class ServiceResult<T>
    where T : notnull
{
    private ServiceResult(T? value, RequestRefusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    /// <summary>The value; null when refused.</summary>
    public T? Value { get; }

    /// <summary>The refusal; null when the request was accepted.</summary>
    public RequestRefusal? Refusal { get; }

    /// <summary>Whether the request was refused (<see cref="Refusal"/> is set, <see cref="Value"/> is not).</summary>
    [MemberNotNullWhen(true, nameof(Refusal))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool IsRefused => Refusal is not null;

    /// <summary>An accepted request's value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator ServiceResult<T>(T value) => new(value, null);

    /// <summary>A refused request.</summary>
    /// <param name="refusal">The refusal.</param>
    public static implicit operator ServiceResult<T>(RequestRefusal refusal) => new(default, refusal);

    // An interface value has no implicit conversion (C# forbids user-defined ones from interfaces).
    internal static ServiceResult<T> Of(T value) => new(value, null);
}

namespace G4F.Backend.AspNetCore.Usage;

/// <summary>The <c>{}</c> the append endpoints answer with.</summary>
internal sealed record EmptyObject;

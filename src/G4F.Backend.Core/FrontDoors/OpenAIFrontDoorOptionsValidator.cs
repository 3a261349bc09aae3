using Microsoft.Extensions.Options;

namespace G4F.Backend.FrontDoors;

/// <summary>Checks <see cref="OpenAIFrontDoorOptions"/> at start (generated from its data annotations); the failure names the configuration key.</summary>
[OptionsValidator]
internal sealed partial class OpenAIFrontDoorOptionsValidator : IValidateOptions<OpenAIFrontDoorOptions>;

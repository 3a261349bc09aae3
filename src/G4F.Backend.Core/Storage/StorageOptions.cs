using System.ComponentModel.DataAnnotations;

namespace G4F.Backend.Storage;

/// <summary>Where the embedded stores keep their files: <see cref="G4FBackendOptions.DataDirectory"/>.</summary>
internal sealed class StorageOptions
{
    [Required(AllowEmptyStrings = false, ErrorMessage = "G4F:DataDirectory must not be empty.")]
    public string DataDirectory { get; init; } = "./g4f-data";
}

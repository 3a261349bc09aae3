using Microsoft.Extensions.Options;

namespace G4F.Backend.Downloads;

/// <summary>Checks that every <c>G4F:Downloads:AllowedNetworks</c> entry is a network in CIDR form.</summary>
internal sealed class DownloadNetworksValidator : IValidateOptions<DownloadOptions>
{
    public ValidateOptionsResult Validate(string? name, DownloadOptions options)
    {
        List<string>? failures = null;
        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.AllowedNetworks[i]?.Trim() ?? string.Empty, out _))
            {
                (failures ??= []).Add($"G4F:Downloads:AllowedNetworks:{i} must be a network in CIDR form such as 10.1.0.0/16 or fd00::/8, not '{options.AllowedNetworks[i]}'.");
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

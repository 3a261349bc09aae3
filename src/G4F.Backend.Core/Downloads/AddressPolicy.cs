using System.Net;
using System.Net.Sockets;

namespace G4F.Backend.Downloads;

/// <summary>
/// Decides which resolved addresses the safe downloader may connect to (PROTOCOL 7.5): public unicast only, unless
/// the address lies in one of <see cref="DownloadOptions.AllowedNetworks"/>. IPv6 forms that carry an IPv4 address
/// (mapped, NAT64, 6to4) are judged by that IPv4 address.
/// </summary>
internal sealed class AddressPolicy
{
    // IPv4 ranges that are not public unicast (IANA special-purpose registry).
    private static readonly IPNetwork[] BlockedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"), // private
        IPNetwork.Parse("100.64.0.0/10"), // CGNAT
        IPNetwork.Parse("127.0.0.0/8"), // loopback
        IPNetwork.Parse("169.254.0.0/16"), // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"), // private
        IPNetwork.Parse("192.0.0.0/24"), // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"), // documentation
        IPNetwork.Parse("192.88.99.0/24"), // 6to4 relay anycast (deprecated)
        IPNetwork.Parse("192.168.0.0/16"), // private
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking
        IPNetwork.Parse("198.51.100.0/24"), // documentation
        IPNetwork.Parse("203.0.113.0/24"), // documentation
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved, and 255.255.255.255 broadcast
    ];

    // Only global unicast (2000::/3) is fetched over IPv6, minus its special blocks; NAT64 is handled by its IPv4.
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private static readonly IPNetwork[] BlockedV6 =
    [
        IPNetwork.Parse("2001::/23"), // IETF protocol assignments: Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID...
        IPNetwork.Parse("2001:db8::/32"), // documentation
        IPNetwork.Parse("3fff::/20"), // documentation
    ];

    private readonly IPNetwork[] _allowed;

    /// <summary>Creates the policy; <paramref name="allowedNetworks"/> are CIDR strings (validated at start-up).</summary>
    public AddressPolicy(IEnumerable<string> allowedNetworks)
    {
        _allowed = [.. allowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
    }

    /// <summary>Whether the downloader may connect to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (_allowed.Length > 0)
        {
            foreach (var network in _allowed)
            {
                if (network.Contains(address) || (address.IsIPv4MappedToIPv6 && network.Contains(address.MapToIPv4())))
                {
                    return true;
                }
            }
        }

        return IsPublic(address);
    }

    /// <summary>Whether <paramref name="address"/> is public unicast in every spelling it may hide behind.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !BlockedV4.Any(n => n.Contains(address));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (SixToFour.Contains(address))
        {
            return IsPublic(new IPAddress(bytes.AsSpan(2, 4)));
        }

        // Everything outside 2000::/3 is unspecified, loopback, IPv4-compatible, ULA (fc00::/7), link-local
        // (fe80::/10), site-local (fec0::/10), multicast (ff00::/8) or otherwise reserved.
        return GlobalUnicastV6.Contains(address) && !BlockedV6.Any(n => n.Contains(address));
    }
}

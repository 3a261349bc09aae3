using System.Net;
using G4F.Backend.Downloads;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>Which resolved addresses the downloader may connect to (PROTOCOL 7.5), in every spelling.</summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.7")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("::8.8.8.8")] // IPv4-compatible is deprecated: never fetched
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b:1::808:808")] // local-use NAT64
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    [InlineData("2002:a00:1::")] // 6to4 of 10.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    [InlineData("2001:db8::1")]
    [InlineData("2001:2::1")] // benchmarking
    [InlineData("3fff::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("100::1")] // discard-only
    public void Non_public_addresses_are_refused(string address)
    {
        AddressPolicy.IsPublic(IPAddress.Parse(address)).Should().BeFalse();
        new AddressPolicy([]).IsAllowed(IPAddress.Parse(address)).Should().BeFalse();
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:82a::200e")]
    public void Public_addresses_are_allowed(string address) =>
        AddressPolicy.IsPublic(IPAddress.Parse(address)).Should().BeTrue();

    [Fact]
    public void Allowed_networks_exempt_exactly_their_addresses()
    {
        var policy = new AddressPolicy(["127.0.0.1/32", " fd00:1::/32 "]);

        policy.IsAllowed(IPAddress.Parse("127.0.0.1")).Should().BeTrue();
        policy.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")).Should().BeTrue();
        policy.IsAllowed(IPAddress.Parse("fd00:1::5")).Should().BeTrue();
        policy.IsAllowed(IPAddress.Parse("127.0.0.2")).Should().BeFalse();
        policy.IsAllowed(IPAddress.Parse("::1")).Should().BeFalse();
        policy.IsAllowed(IPAddress.Parse("fd00:2::5")).Should().BeFalse();
        policy.IsAllowed(IPAddress.Parse("8.8.8.8")).Should().BeTrue();
    }
}

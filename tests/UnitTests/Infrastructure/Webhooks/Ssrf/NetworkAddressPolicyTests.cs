using System.Net;
using VoiceTraining.Infrastructure.Webhooks.Outbound.Ssrf;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks.Ssrf;

public class NetworkAddressPolicyTests
{
    // Each blocked row names the range it must be refused as; the allowed rows sit just outside a
    // blocked range, so an off-by-one prefix fails one side or the other.
    [Theory]
    // IPv4, blocked
    [InlineData("0.0.0.0", "this-network")]
    [InlineData("0.1.2.3", "this-network")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.0.0.8", "IETF protocol assignment")]
    [InlineData("192.0.2.10", "TEST-NET-1")]
    [InlineData("192.88.99.1", "6to4 relay")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("198.19.255.255", "benchmarking")]
    [InlineData("198.51.100.7", "TEST-NET-2")]
    [InlineData("203.0.113.9", "TEST-NET-3")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    // IPv4, allowed
    [InlineData("8.8.8.8", null)]
    [InlineData("1.1.1.1", null)]
    [InlineData("9.255.255.255", null)]
    [InlineData("11.0.0.0", null)]
    [InlineData("100.63.255.255", null)]
    [InlineData("100.128.0.0", null)]
    [InlineData("126.255.255.255", null)]
    [InlineData("128.0.0.1", null)]
    [InlineData("169.253.255.255", null)]
    [InlineData("169.255.0.1", null)]
    [InlineData("172.15.255.255", null)]
    [InlineData("172.32.0.0", null)]
    [InlineData("192.0.1.255", null)]
    [InlineData("192.0.3.0", null)]
    [InlineData("192.88.98.255", null)]
    [InlineData("192.167.255.255", null)]
    [InlineData("192.169.0.0", null)]
    [InlineData("198.17.255.255", null)]
    [InlineData("198.20.0.0", null)]
    [InlineData("198.51.99.255", null)]
    [InlineData("203.0.114.0", null)]
    [InlineData("223.255.255.255", null)]
    // IPv6, blocked
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fd00:ec2::254", "unique local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fe80::1%2", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("100::1", "discard-only")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("2001:2::1", "benchmarking")]
    [InlineData("64:ff9b:1::a00:1", "local-use NAT64")]
    [InlineData("4000::1", "non-global")]
    // IPv4 carried in IPv6, blocked by the IPv4 address
    [InlineData("::ffff:127.0.0.1", "loopback address 127.0.0.1 (IPv4-mapped")]
    [InlineData("::ffff:10.0.0.1", "private address 10.0.0.1 (IPv4-mapped")]
    [InlineData("::ffff:169.254.169.254", "cloud metadata address 169.254.169.254 (IPv4-mapped")]
    [InlineData("::127.0.0.1", "loopback address 127.0.0.1 (IPv4-compatible")]
    [InlineData("::2", "this-network address 0.0.0.2 (IPv4-compatible")]
    [InlineData("::8.8.8.8", "deprecated IPv4-compatible")]
    [InlineData("64:ff9b::127.0.0.1", "loopback address 127.0.0.1 (NAT64")]
    [InlineData("64:ff9b::a9fe:a9fe", "cloud metadata address 169.254.169.254 (NAT64")]
    [InlineData("2002:7f00:1::", "loopback address 127.0.0.1 (6to4")]
    [InlineData("2002:c0a8:101::1", "private address 192.168.1.1 (6to4")]
    // IPv6, allowed (including public IPv4 carried in IPv6)
    [InlineData("2606:4700:4700::1111", null)]
    [InlineData("2001:4860:4860::8888", null)]
    [InlineData("2a00:1450:4001:830::200e", null)]
    [InlineData("2001:db7:ffff::1", null)]
    [InlineData("2001:1::1", null)]
    [InlineData("3fef:ffff::1", null)]
    [InlineData("::ffff:8.8.8.8", null)]
    [InlineData("64:ff9b::808:808", null)]
    [InlineData("2002:808:808::1", null)]
    public void Classifies_the_address(string text, string? expectedReason)
    {
        var address = IPAddress.Parse(text);
        var reason = NetworkAddressPolicy.WhyBlocked(address);
        if (expectedReason is null)
        {
            reason.Should().BeNull();
        }
        else
        {
            reason.Should().Contain(expectedReason);
            reason.Should().Contain(address.ToString(), "the reason names the address");
        }
    }

    [Fact]
    public void The_reason_reads_as_range_then_address()
    {
        NetworkAddressPolicy.WhyBlocked(IPAddress.Loopback).Should().Be("loopback address 127.0.0.1");
        NetworkAddressPolicy.WhyBlocked(IPAddress.Parse("::ffff:192.168.0.10"))
            .Should().Be("private address 192.168.0.10 (IPv4-mapped ::ffff:192.168.0.10)");
    }
}

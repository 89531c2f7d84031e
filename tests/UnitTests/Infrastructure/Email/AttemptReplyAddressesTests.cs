using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Infrastructure.Email;

namespace VoiceTraining.UnitTests.Infrastructure.Email;

public class AttemptReplyAddressesTests
{
    private const string Secret = "reply-secret-for-tests";
    private static readonly Guid OrgId = Guid.Parse("0195f3c1-aaaa-7000-8000-000000000000");
    private static readonly Guid AttemptId = Guid.Parse("0195f3c1-1234-7abc-8def-0123456789ab");

    private static AttemptReplyAddresses Configured(string? domain = "reply.example.com", string secret = Secret) => new(domain, new ReplyTokenKeys(secret));

    [Fact]
    public void The_address_is_reply_plus_base64url_of_the_id_and_a_10_byte_hmac()
    {
        var address = Configured().ForAttempt(OrgId, AttemptId);

        // Written from the contract, independently of the implementation.
        var id = Convert.FromHexString("0195f3c112347abc8def0123456789ab");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), id)[..10];
        var expected = "reply+" + Convert.ToBase64String([.. id, .. mac]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "@reply.example.com";
        address.Should().Be(expected);
        address.Should().MatchRegex(@"^reply\+[A-Za-z0-9_-]{35}@reply\.example\.com$");
    }

    [Fact]
    public void An_address_reads_back_to_its_attempt_in_any_form_it_comes_in()
    {
        var replies = Configured();
        var address = replies.ForAttempt(OrgId, AttemptId)!;

        replies.TryReadAttemptId(address).Should().Be(AttemptId);
        replies.TryReadAttemptId($"  \"Voice AI Training\" <{address}> ").Should().Be(AttemptId);
        replies.TryReadAttemptId("REPLY+" + address["reply+".Length..]).Should().Be(AttemptId, "the prefix's case does not matter");
    }

    [Fact]
    public void Altered_foreign_or_malformed_addresses_read_as_nothing()
    {
        var replies = Configured();
        var address = replies.ForAttempt(OrgId, AttemptId)!;
        var token = address["reply+".Length..address.IndexOf('@', StringComparison.Ordinal)];
        var otherId = Guid.CreateVersion7().ToByteArray(bigEndian: true);
        var forged = "reply+" + Base64Url.EncodeToString([.. otherId, .. Base64Url.DecodeFromChars(token)[16..]]) + "@reply.example.com";

        replies.TryReadAttemptId(forged).Should().BeNull("the MAC belongs to another attempt");
        replies.TryReadAttemptId(address.Replace(token[^2..], token[^2] == 'A' ? "BB" : "AA", StringComparison.Ordinal)).Should().BeNull();
        Configured(secret: "another-secret").TryReadAttemptId(address).Should().BeNull("another key");
        replies.TryReadAttemptId("reply+short@reply.example.com").Should().BeNull();
        replies.TryReadAttemptId("support@reply.example.com").Should().BeNull();
        replies.TryReadAttemptId("reply+" + token).Should().BeNull("no domain");
        replies.TryReadAttemptId("").Should().BeNull();
        replies.TryReadAttemptId("Name <reply+" + token + "@x").Should().BeNull("unclosed bracket");
    }

    [Fact]
    public void Without_a_reply_domain_there_is_no_address()
    {
        Configured(domain: null).ForAttempt(OrgId, AttemptId).Should().BeNull();
        Configured(domain: " ").ForAttempt(OrgId, AttemptId).Should().BeNull();
    }

    [Fact]
    public void Without_a_secret_the_key_is_derived_from_the_data_protection_key_ring_shared_by_instances()
    {
        var ring = Directory.CreateTempSubdirectory("vt-dp-");
        try
        {
            var first = KeyRingAddresses(ring);
            var address = first.ForAttempt(OrgId, AttemptId)!;
            address.Should().MatchRegex(@"^reply\+[A-Za-z0-9_-]{35}@reply\.example\.com$");
            first.ForAttempt(OrgId, AttemptId).Should().Be(address, "the same key every time");

            var second = KeyRingAddresses(ring);
            second.TryReadAttemptId(address).Should().Be(AttemptId, "another instance on the same key ring reads it");
            second.ForAttempt(OrgId, AttemptId).Should().Be(address);

            var stranger = KeyRingAddresses(Directory.CreateTempSubdirectory("vt-dp-other-"));
            stranger.TryReadAttemptId(address).Should().BeNull("another key ring");
        }
        finally
        {
            ring.Delete(recursive: true);
        }
    }

    private static AttemptReplyAddresses KeyRingAddresses(DirectoryInfo ring)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("VoiceTraining").PersistKeysToFileSystem(ring);
        var provider = services.BuildServiceProvider();
        return new AttemptReplyAddresses("reply.example.com",
            new ReplyTokenKeys(provider.GetRequiredService<IKeyManager>(), provider.GetRequiredService<IDataProtectionProvider>()));
    }
}

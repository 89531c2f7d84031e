using System.Text;
using VoiceTraining.Infrastructure.Security;

namespace VoiceTraining.UnitTests.Infrastructure.Security;

public class HmacTests
{
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    private const string Rfc4231Case2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    [Theory]
    [InlineData("", "what do ya want for nothing?")]
    [InlineData("what do ya ", "want for nothing?")]
    [InlineData("what do ya want for nothing?", "")]
    public void The_prefix_and_the_body_are_signed_as_one_message(string prefix, string body)
    {
        Hmac.Sha256Hex("Jefe", prefix, Encoding.UTF8.GetBytes(body)).Should().Be(Rfc4231Case2);
        Convert.ToHexStringLower(Hmac.Sha256("Jefe"u8, prefix, Encoding.UTF8.GetBytes(body))).Should().Be(Rfc4231Case2);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "abcd", false)]
    [InlineData("", "abc", false)]
    [InlineData("", "", true)]
    public void Texts_are_compared_whole(string presented, string expected, bool equal)
    {
        Hmac.FixedTimeEquals(presented, expected).Should().Be(equal);
    }
}

using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using VoiceTraining.Infrastructure.Webhooks.Outbound;

namespace VoiceTraining.UnitTests.Infrastructure.Webhooks;

/// <summary>
/// A failed delivery's reason is shown to the customer in the delivery log: it says what to fix at
/// the endpoint, and never carries the socket's or TLS stack's own text (addresses, library names).
/// </summary>
public sealed class NetworkFailureReasonTests
{
    private const string Internals = "Connection refused (10.20.30.40:443) at System.Net.Sockets.Socket";

    public static TheoryData<HttpRequestException, string> Failures => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, Internals, new SocketException((int)SocketError.ConnectionRefused)), "refused the connection" },
        { new HttpRequestException(HttpRequestError.ConnectionError, Internals, new SocketException((int)SocketError.ConnectionReset)), "closed the connection" },
        { new HttpRequestException(HttpRequestError.NameResolutionError, Internals, new SocketException((int)SocketError.HostNotFound)), "does not resolve" },
        { new HttpRequestException(HttpRequestError.NameResolutionError, Internals), "does not resolve" },
        { new HttpRequestException(HttpRequestError.ConnectionError, Internals, new SocketException((int)SocketError.NetworkUnreachable)), "unreachable" },
        { new HttpRequestException(HttpRequestError.ConnectionError, Internals, new SocketException((int)SocketError.TimedOut)), "timed out" },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, Internals, new AuthenticationException("The remote certificate is invalid: RemoteCertificateNameMismatch")), "TLS error" },
        { new HttpRequestException(HttpRequestError.ResponseEnded, Internals), "before answering" },
        { new HttpRequestException(HttpRequestError.InvalidResponse, Internals), "not valid HTTP" },
        { new HttpRequestException(HttpRequestError.Unknown, Internals), "could not be reached" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_gets_its_own_words_and_none_of_the_exceptions(HttpRequestException failure, string expected)
    {
        var reason = WebhookHttpSender.NetworkFailureReason(failure);

        reason.Should().Contain(expected);
        reason.Should().NotContainAny("10.20.30.40", "System.", "RemoteCertificate", "Socket");
    }
}

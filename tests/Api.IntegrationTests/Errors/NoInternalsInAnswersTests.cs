using System.Net;
using System.Text;
using VoiceTraining.Api.IntegrationTests.Billing;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>Refusals in the caller's words: no library messages, exception or type names, key ids or hosts in a body or header.</summary>
public sealed class NoInternalsInTokenRefusalsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string KeyId = "kid-that-must-not-be-echoed-4711";

    public static TheoryData<string> MalformedTokens => new()
    {
        "not-a-jwt",
        "a.b.c",
        Jwt("""{"alg":"none","typ":"JWT"}""", """{"sub":"x"}""", ""),
        Jwt($$"""{"alg":"RS256","typ":"JWT","kid":"{{KeyId}}"}""", """{"sub":"x","exp":4102444800}""", "c2lnbmF0dXJl"),
        Jwt($$"""{"alg":"HS256","kid":"{{KeyId}}"}""", """{"sub":"x","exp":"tomorrow"}""", "c2ln"),
        Jwt("""{"alg":"RS256"}""", "not json", "c2ln"),
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task A_malformed_bearer_token_is_a_401_in_the_callers_words(string token)
    {
        using var client = fixture.ClientWithToken(token);

        using var response = await client.GetAsync("/api/organization");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        var answer = problem + " " + string.Join(" ", response.Headers.WwwAuthenticate);
        answer.Should().NotContainAny("IDX", KeyId, "Exception", "System.", "Microsoft.", "error_description");
    }

    private static string Jwt(string header, string payload, string signature) =>
        $"{Base64Url(header)}.{Base64Url(payload)}.{signature}";

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Signed Stripe events whose object is malformed: a 400 saying what is wrong with the event, not what the parser threw.</summary>
public sealed class NoInternalsInStripeRefusalsTests(BillingFixture fixture) : IClassFixture<BillingFixture>
{
    public static TheoryData<string, string> MalformedEvents => new()
    {
        { "customer.subscription.updated", """{"id":"sub_1","object":"subscription","items":"not a list"}""" },
        { "customer.subscription.updated", """{"id":"sub_1","object":"subscription","items":{"object":"list","data":[{"id":"si_1","quantity":"many"}]}}""" },
        { "invoice.payment_succeeded", """{"id":"in_1","object":"invoice","amount_paid":"lots"}""" },
        { "invoice.payment_failed", """{"id":"in_1","object":"invoice","period_start":"yesterday"}""" },
        { "checkout.session.completed", """{"id":"cs_1","object":"checkout.session","metadata":"org"}""" },
        { "payment_intent.succeeded", """{"id":"pi_1","object":"payment_intent","amount":1e40}""" },
        { "payment_intent.succeeded", """{"object":"payment_intent"}""" },
        { "customer.subscription.deleted", """{"id":"sub_1","object":"invoice"}""" },
        { "customer.subscription.created", "42" },
        { "invoice.paid", "[1,2]" },
    };

    [Theory]
    [MemberData(nameof(MalformedEvents))]
    public async Task A_signed_event_with_a_malformed_object_is_a_400_without_internals(string type, string data)
    {
        var body = $$$"""{"id":"evt_{{{Guid.NewGuid():N}}}","object":"event","type":"{{{type}}}","created":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"livemode":false,"api_version":"{{{FakeStripe.ApiVersion}}}","data":{"object":{{{data}}}}}""";

        using var response = await fixture.PostStripeAsync(body, BillingFixture.Sign(body, DateTimeOffset.UtcNow));

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.Str("detail").Should().NotBeNullOrWhiteSpace();
        problem.ToString().Should().NotContainAny("Exception", "System.", "Stripe.", "Newtonsoft", "Path '", "Path:", "LineNumber", "BytePosition", "line 1");
    }
}

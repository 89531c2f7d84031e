using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Authentication;

/// <summary>The API configured with CLERK_AUTHORIZED_PARTIES.</summary>
public sealed class AuthorizedPartiesFixture : ApiFixture
{
    public const string App = "https://app.example.test";
    public const string LocalDev = "http://localhost:5173";

    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["CLERK_AUTHORIZED_PARTIES"] = $"{App}/, {LocalDev}";
}

public sealed class AuthorizedPartyTests(AuthorizedPartiesFixture fixture) : IClassFixture<AuthorizedPartiesFixture>
{
    [Theory]
    [InlineData(AuthorizedPartiesFixture.App)]
    [InlineData(AuthorizedPartiesFixture.App + "/")]
    [InlineData(AuthorizedPartiesFixture.LocalDev)]
    public async Task Tokens_from_an_allowed_party_are_accepted(string azp)
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(fixture.OrgA.Trainee, t => t with { Azp = azp }));

        var me = await client.GetJsonAsync("/api/members/me");

        me.Id().Should().Be(fixture.OrgA.Trainee.Id);
    }

    [Theory]
    [InlineData("https://evil.example.test")]
    [InlineData("https://app.example.test.evil.example")]
    [InlineData("http://app.example.test")]
    [InlineData(null)]
    public async Task Tokens_from_another_party_or_without_azp_are_rejected(string? azp)
    {
        using var client = fixture.ClientWithToken(fixture.TokenFor(fixture.OrgA.Trainee, t => t with { Azp = azp }));

        using var response = await client.GetAsync("/api/members/me");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
    }
}

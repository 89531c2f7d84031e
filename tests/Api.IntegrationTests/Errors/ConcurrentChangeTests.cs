using System.Net;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>
/// A change racing a delete of the same resource (the update then finds no row): found by the
/// OpenAPI fuzzer as a 500; it is a 409 telling the caller to reload.
/// </summary>
public sealed class ConcurrentChangeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Rotating_a_secret_while_the_endpoint_is_deleted_is_200_404_or_409_never_500()
    {
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 5; round++)
        {
            var org = await fixture.SeedOrganizationAsync("Race " + round);
            var client = fixture.ClientFor(org.Admin);
            var url = $"/api/webhooks/{org.WebhookEndpointId}";

            var rotations = Enumerable.Range(0, 8).Select(_ => client.PostAsync(url + "/rotate-secret", null)).ToList();
            var delete = client.DeleteAsync(url);
            var responses = await Task.WhenAll([.. rotations, delete]);

            foreach (var response in responses)
            {
                statuses.Add(response.StatusCode);
                if ((int)response.StatusCode >= 400) await response.ShouldBeProblem(response.StatusCode);
                response.Dispose();
            }
        }

        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.NoContent || s == HttpStatusCode.NotFound || s == HttpStatusCode.Conflict,
            "a rotation that loses the race with the delete is told so, not answered with a 500");
    }
}

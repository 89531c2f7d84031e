using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VoiceTraining.Api.IntegrationTests.Fuzzing;
using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Errors;

/// <summary>A form webhook (Mailgun's) whose multipart body ends early: found by the OpenAPI fuzzer as a 500.</summary>
public sealed class ProviderWebhookFormTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
{
    [Theory]
    [InlineData("recipient=reply%40mail.example.test&sender=a%40example.test")]
    [InlineData("--fuzz\r\nContent-Disposition: form-data; name=\"sender\"\r\n\r\na@example.test")]
    public async Task A_multipart_body_without_its_closing_boundary_is_a_400_problem_and_stores_nothing(string body)
    {
        var before = await fixture.WithDbAsync(db => db.AttemptComments.IgnoreQueryFilters().CountAsync());
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=fuzz");

        using var response = await fixture.Anonymous().PostAsync("/api/webhooks/mailgun/inbound", content);

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        problem.ToString().Should().NotContainAny("Stream", "Exception", "Multipart");
        (await fixture.WithDbAsync(db => db.AttemptComments.IgnoreQueryFilters().CountAsync())).Should().Be(before);
    }
}

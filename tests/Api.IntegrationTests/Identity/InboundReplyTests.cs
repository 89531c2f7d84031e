using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Infrastructure.Email.Inbound;

namespace VoiceTraining.Api.IntegrationTests.Identity;

/// <summary>
/// Attempt comment threads, and POST /api/webhooks/mailgun/inbound turning a reply to a feedback
/// email into a comment: Mailgun's signature, token replay, old timestamps, who may reply.
/// </summary>
public sealed class InboundReplyTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private string ReplyAddress(Guid orgId, Guid attemptId) =>
        fixture.Factory.Services.GetRequiredService<IAttemptReplyAddresses>().ForAttempt(orgId, attemptId)!;

    /// <summary>The fields a Mailgun route's forward() posts, signed with the webhook signing key.</summary>
    private Dictionary<string, string> Reply(string recipient, string from, string text, string? token = null, DateTimeOffset? at = null, string? key = null)
    {
        var timestamp = (at ?? fixture.ManualClock.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        token ??= Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..18];
        return new Dictionary<string, string>
        {
            ["recipient"] = recipient,
            ["sender"] = from,
            ["from"] = $"Someone <{from}>",
            ["subject"] = "Re: Your feedback is ready",
            ["body-plain"] = text + "\n\nOn Monday, Voice AI Training wrote:\n> Your score: 82",
            ["stripped-text"] = text,
            ["Message-Id"] = $"<{Guid.NewGuid():N}@mail.example.test>",
            ["timestamp"] = timestamp,
            ["token"] = token,
            ["signature"] = MailgunWebhookVerifier.Sign(key ?? IdentityFixture.MailgunSigningKey, timestamp, token),
        };
    }

    private Task<HttpResponseMessage> PostAsync(Dictionary<string, string> fields, bool multipart = false)
    {
        HttpContent content = multipart ? Multipart(fields) : new FormUrlEncodedContent(fields);
        return fixture.Anonymous().PostAsync("/api/webhooks/mailgun/inbound", content);
    }

    private static MultipartFormDataContent Multipart(Dictionary<string, string> fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
        form.Add(new ByteArrayContent([1, 2, 3]), "attachment-1", "notes.bin");
        return form;
    }

    private Task<int> CommentCountAsync(Guid attemptId) => fixture.WithDbAsync(db => db.AttemptComments.IgnoreQueryFilters().CountAsync(c => c.AttemptId == attemptId));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_trainees_reply_to_their_feedback_email_becomes_a_comment_in_the_thread(bool multipart)
    {
        var org = await fixture.SeedOrganizationAsync();
        var fields = Reply(ReplyAddress(org.Id, org.TraineeAttemptId), org.Trainee.Email.ToUpperInvariant(), "Thanks! Should I slow down in the opening?");

        using var response = await PostAsync(fields, multipart);

        (await response.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("added");
        var thread = await fixture.ClientFor(org.Manager).GetJsonAsync($"/api/attempts/{org.TraineeAttemptId}/comments");
        var comment = thread.EnumerateArray().Should().ContainSingle().Subject;
        comment.Str("body").Should().Be("Thanks! Should I slow down in the opening?", "quoted text and signature are left out");
        comment.Str("source").Should().Be("email");
        comment.Id("authorId").Should().Be(org.Trainee.Id);
        comment.Str("authorName").Should().Be(org.Trainee.Name);
    }

    [Fact]
    public async Task The_manager_can_answer_in_the_app_and_the_thread_reads_in_order()
    {
        var org = await fixture.SeedOrganizationAsync();
        using (var r = await PostAsync(Reply(ReplyAddress(org.Id, org.TraineeAttemptId), org.Trainee.Email, "Question by email")))
            await r.ShouldHaveStatus(HttpStatusCode.OK);
        fixture.ManualClock.Advance(TimeSpan.FromSeconds(5));
        var answer = await (await fixture.ClientFor(org.Manager).PostJsonAsync($"/api/attempts/{org.TraineeAttemptId}/comments", new { body = "  Yes: pause after the greeting.  " }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        answer.Str("body").Should().Be("Yes: pause after the greeting.");
        answer.Str("source").Should().Be("app");

        var thread = await fixture.ClientFor(org.Trainee).GetJsonAsync($"/api/attempts/{org.TraineeAttemptId}/comments");
        thread.EnumerateArray().Select(c => c.Str("body")).Should().Equal("Question by email", "Yes: pause after the greeting.");
    }

    [Fact]
    public async Task Comments_follow_the_attempts_visibility_and_bad_bodies_are_400()
    {
        var org = await fixture.SeedOrganizationAsync();
        // The loner is not on the trainee's team and cannot see their attempt.
        using (var r = await fixture.ClientFor(org.Loner).PostJsonAsync($"/api/attempts/{org.TraineeAttemptId}/comments", new { body = "hi" }))
            await r.ShouldBeProblem(HttpStatusCode.NotFound);
        using (var r = await fixture.ClientFor(fixture.OrgB.Admin).GetAsync($"/api/attempts/{org.TraineeAttemptId}/comments"))
            await r.ShouldBeProblem(HttpStatusCode.NotFound);
        using (var r = await fixture.ClientFor(org.Trainee).PostJsonAsync($"/api/attempts/{org.TraineeAttemptId}/comments", new { body = "   " }))
            await r.ShouldBeValidationProblem("body");
        using (var r = await fixture.ClientFor(org.Trainee).PostJsonAsync($"/api/attempts/{org.TraineeAttemptId}/comments", new { body = new string('x', 10_001) }))
            await r.ShouldBeValidationProblem("body");
        (await CommentCountAsync(org.TraineeAttemptId)).Should().Be(0);
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("old")]
    [InlineData("future")]
    [InlineData("no-signature")]
    [InlineData("tampered-token")]
    public async Task A_bad_or_old_signature_is_401_and_stores_nothing(string attack)
    {
        var org = await fixture.SeedOrganizationAsync();
        var address = ReplyAddress(org.Id, org.TraineeAttemptId);
        var now = fixture.ManualClock.GetUtcNow();
        var fields = attack switch
        {
            "wrong-key" => Reply(address, org.Trainee.Email, "hi", key: "key-someone-else"),
            "old" => Reply(address, org.Trainee.Email, "hi", at: now.AddMinutes(-6)),
            "future" => Reply(address, org.Trainee.Email, "hi", at: now.AddMinutes(6)),
            _ => Reply(address, org.Trainee.Email, "hi"),
        };
        if (attack == "no-signature") fields.Remove("signature");
        if (attack == "tampered-token") fields["token"] = fields["token"][..^1] + "x";

        using var response = await PostAsync(fields);

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        (await CommentCountAsync(org.TraineeAttemptId)).Should().Be(0);
        (await fixture.WithDbAsync(db => db.ProcessedInboundEvents.CountAsync(e => e.Provider == "mailgun" && e.EventKey == fields["token"]))).Should().Be(0);
    }

    [Fact]
    public async Task A_replayed_delivery_is_refused_and_the_same_email_twice_makes_one_comment()
    {
        var org = await fixture.SeedOrganizationAsync();
        var fields = Reply(ReplyAddress(org.Id, org.TraineeAttemptId), org.Trainee.Email, "Once only");
        using (var first = await PostAsync(fields)) await first.ShouldHaveStatus(HttpStatusCode.OK);
        using (var replay = await PostAsync(fields))
            (await replay.ShouldBeProblem(HttpStatusCode.Unauthorized)).Str("detail").Should().Contain("used before");

        // Mailgun's retry of the same email comes with a new token: still one comment.
        var retry = Reply(fields["recipient"], org.Trainee.Email, "Once only");
        retry["Message-Id"] = fields["Message-Id"];
        using (var again = await PostAsync(retry)) (await again.ShouldHaveStatus(HttpStatusCode.OK)).Str("outcome").Should().Be("duplicate");
        (await CommentCountAsync(org.TraineeAttemptId)).Should().Be(1);
    }

    [Fact]
    public async Task Replies_that_name_no_thread_or_come_from_someone_who_may_not_comment_are_406_so_mailgun_does_not_retry()
    {
        var org = await fixture.SeedOrganizationAsync();
        var address = ReplyAddress(org.Id, org.TraineeAttemptId);
        var forged = address.Replace("reply+", "reply+A");
        var cases = new (string Recipient, string From)[]
        {
            ("support@" + IdentityFixture.MailgunDomain, org.Trainee.Email),     // not a reply address
            (forged, org.Trainee.Email),                                          // MAC does not match
            (ReplyAddress(org.Id, Guid.NewGuid()), org.Trainee.Email),            // a well-formed address of no attempt
            (address, "stranger@example.test"),                                   // not a member
            (address, org.Loner.Email),                                           // a member who cannot see the attempt
            (address, org.Deactivated.Email),                                     // a deactivated member
            (address, fixture.OrgB.Admin.Email),                                  // another organization's admin
        };
        foreach (var (recipient, from) in cases)
        {
            using var response = await PostAsync(Reply(recipient, from, "hello"));
            await response.ShouldBeProblem(HttpStatusCode.NotAcceptable);
        }
        (await CommentCountAsync(org.TraineeAttemptId)).Should().Be(0);
    }

    [Fact]
    public async Task Reply_addresses_round_trip_and_cannot_be_forged()
    {
        var addresses = fixture.Factory.Services.GetRequiredService<IAttemptReplyAddresses>();
        var attemptId = Guid.NewGuid();
        var address = addresses.ForAttempt(Guid.NewGuid(), attemptId)!;
        address.Should().StartWith("reply+").And.EndWith("@" + IdentityFixture.MailgunDomain);
        addresses.TryReadAttemptId(address).Should().Be(attemptId);
        addresses.TryReadAttemptId($"Jamie <{address}>".Trim('>').Split('<')[1]).Should().Be(attemptId);
        addresses.TryReadAttemptId("reply+" + new string('A', 35) + "@x").Should().BeNull();
        addresses.TryReadAttemptId("someone@example.test").Should().BeNull();
        addresses.TryReadAttemptId("reply+%%%@x").Should().BeNull();
    }

    [Fact]
    public async Task Without_a_signing_key_inbound_email_is_not_configured()
    {
        await using var factory = fixture.CreateFactory(fixture.Jwks, configure: s => s["MAILGUN_WEBHOOK_SIGNING_KEY"] = "");
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/webhooks/mailgun/inbound", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "t" }));
        (await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable)).Str("detail").Should().Contain("MAILGUN_WEBHOOK_SIGNING_KEY");
    }
}

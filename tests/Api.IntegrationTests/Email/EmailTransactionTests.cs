using System.Collections.Concurrent;
using System.Net;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceTraining.Api.IntegrationTests.Infrastructure;
using VoiceTraining.Application.Assignments.Commands.CreateAssignment;
using VoiceTraining.Domain.Email;

namespace VoiceTraining.Api.IntegrationTests.Email;

/// <summary>
/// The API with a pipeline behaviour innermost (inside the command's transaction) that fails a
/// CreateAssignment after the handler saved, for the members listed in <see cref="FailAfterSaveFor"/>.
/// </summary>
public sealed class RollbackFixture : EmailFixture
{
    public static ConcurrentDictionary<Guid, bool> FailAfterSaveFor { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(FailAfterSaveBehaviour<,>));

    private sealed class FailAfterSaveBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
    {
        public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
        {
            var response = await next();
            if (request is CreateAssignmentCommand command && FailAfterSaveFor.ContainsKey(command.MemberId))
                throw new InvalidOperationException("Simulated failure after SaveChanges.");
            return response;
        }
    }
}

/// <summary>An email exists exactly when the change that causes it was committed.</summary>
public sealed class EmailTransactionTests(RollbackFixture fixture) : IClassFixture<RollbackFixture>
{
    [Fact]
    public async Task When_the_change_rolls_back_no_email_is_written_or_sent()
    {
        var org = await fixture.SeedOrganizationAsync();
        RollbackFixture.FailAfterSaveFor[org.Loner.Id] = true;
        var before = await AssignmentsOfAsync(org.Loner.Id);
        var eventsBefore = await AssignedEventsAsync(org.Id);

        using var response = await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId });
        await response.ShouldBeProblem(HttpStatusCode.InternalServerError);
        await fixture.SendDueAsync();

        (await AssignmentsOfAsync(org.Loner.Id)).Should().Be(before, "the assignment rolled back");
        (await fixture.EmailsToAsync(org.Loner.Email)).Should().NotContain(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Rate objection"));
        (await AssignedEventsAsync(org.Id)).Should().Be(eventsBefore, "the event rolled back with the change");

        RollbackFixture.FailAfterSaveFor.TryRemove(org.Loner.Id, out _);
        await (await fixture.ClientFor(org.Manager).PostJsonAsync("/api/assignments", new { memberId = org.Loner.Id, scenarioId = org.SecondScenarioId }))
            .ShouldHaveStatus(HttpStatusCode.Created);
        (await fixture.EmailsToAsync(org.Loner.Email)).Should().ContainSingle(e => e.Template == EmailTemplateNames.Assignment && e.Subject.EndsWith("Rate objection"),
            "the same action committed writes it");
        (await AssignedEventsAsync(org.Id)).Should().Be(eventsBefore + 1, "and its event");
    }

    [Fact]
    public async Task The_email_row_is_part_of_the_callers_transaction()
    {
        var org = await fixture.SeedOrganizationAsync();
        var address = $"tx.{Guid.NewGuid():N}@example.test";

        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VoiceTraining.Infrastructure.Data.ApplicationDbContext>();
            db.ScopeToOrganization(org.Id);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Members.Add(new VoiceTraining.Domain.Members.Member(org.Id, "user_tx_" + Guid.NewGuid().ToString("N"), address, "Tess Tx",
                VoiceTraining.Domain.Members.MemberRole.Trainee, fixture.ManualClock.GetUtcNow()));
            await db.SaveChangesAsync();
            (await db.EmailMessages.CountAsync(e => e.ToAddress == address)).Should().Be(1, "written by the same SaveChanges");
            await transaction.RollbackAsync();
        }

        (await fixture.EmailsToAsync(address)).Should().BeEmpty();
    }

    /// <summary>scenario.assigned as integrators get it: the webhook messages written with the assignment.</summary>
    private Task<int> AssignedEventsAsync(Guid orgId) =>
        fixture.WithDbAsync(db => db.WebhookMessages.IgnoreQueryFilters().CountAsync(m => m.OrgId == orgId && m.EventType == "scenario.assigned"));

    private Task<int> AssignmentsOfAsync(Guid memberId) =>
        fixture.WithDbAsync(db => db.Assignments.IgnoreQueryFilters().CountAsync(a => a.MemberId == memberId));
}

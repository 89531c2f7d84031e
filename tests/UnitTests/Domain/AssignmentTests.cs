using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Common;

namespace VoiceTraining.UnitTests.Domain;

public class AssignmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();

    private static Assignment Due(DateTimeOffset? dueAt) => new(Org, Guid.NewGuid(), Guid.NewGuid(), null, Guid.NewGuid(), dueAt, Now);

    [Fact]
    public void An_assignment_is_for_exactly_one_scenario_or_track()
    {
        FluentActions.Invoking(() => new Assignment(Org, Guid.NewGuid(), null, null, null, null, Now)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => new Assignment(Org, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, null, Now)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => new Assignment(Org, Guid.NewGuid(), null, Guid.NewGuid(), null, null, Now)).Should().NotThrow();
    }

    [Fact]
    public void A_due_date_in_the_past_is_refused()
    {
        FluentActions.Invoking(() => Due(Now.AddMinutes(-1))).Should().Throw<DomainException>();
        FluentActions.Invoking(() => Due(Now)).Should().Throw<DomainException>();
    }

    [Theory]
    // hours after creation, due in hours, expected status, expected days overdue
    [InlineData(1, 24, AssignmentStatus.Pending, 0)]
    [InlineData(24, 24, AssignmentStatus.Pending, 0)]
    [InlineData(25, 24, AssignmentStatus.Overdue, 0)]
    [InlineData(48, 24, AssignmentStatus.Overdue, 1)]
    [InlineData(24 * 10 + 1, 24, AssignmentStatus.Overdue, 9)]
    public void Status_and_days_overdue_follow_the_clock(int hoursLater, int dueInHours, AssignmentStatus expected, int daysOverdue)
    {
        var assignment = Due(Now.AddHours(dueInHours));
        var at = Now.AddHours(hoursLater);
        assignment.StatusAt(at).Should().Be(expected);
        assignment.DaysOverdue(at).Should().Be(daysOverdue);
    }

    [Fact]
    public void Without_a_due_date_an_assignment_is_never_overdue()
    {
        Due(null).StatusAt(Now.AddYears(5)).Should().Be(AssignmentStatus.Pending);
    }

    [Fact]
    public void A_completed_assignment_stays_completed_past_its_due_date()
    {
        var assignment = Due(Now.AddDays(1));
        assignment.Complete(Now.AddHours(2));
        assignment.StatusAt(Now.AddDays(30)).Should().Be(AssignmentStatus.Completed);
        assignment.CompletedAt.Should().Be(Now.AddHours(2));
        assignment.MarkOverdue(Now.AddDays(30)).Should().BeFalse();
    }

    [Fact]
    public void Overdue_is_reported_once()
    {
        var assignment = Due(Now.AddDays(1));
        assignment.MarkOverdue(Now.AddHours(12)).Should().BeFalse("it is not due yet");
        assignment.MarkOverdue(Now.AddDays(2)).Should().BeTrue();
        assignment.MarkOverdue(Now.AddDays(3)).Should().BeFalse("the notice went out already");
        assignment.OverdueNotifiedAt.Should().Be(Now.AddDays(2));
    }

    [Fact]
    public void Rescheduling_reopens_an_overdue_assignment()
    {
        var assignment = Due(Now.AddDays(1));
        assignment.MarkOverdue(Now.AddDays(2));
        assignment.Reschedule(Now.AddDays(5), Now.AddDays(2));
        assignment.StatusAt(Now.AddDays(3)).Should().Be(AssignmentStatus.Pending);
        assignment.OverdueNotifiedAt.Should().BeNull();
    }

    [Fact]
    public void A_completed_assignment_cannot_be_rescheduled()
    {
        var assignment = Due(Now.AddDays(1));
        assignment.Complete(Now);
        assignment.Invoking(a => a.Reschedule(Now.AddDays(3), Now)).Should().Throw<DomainException>();
    }
}

using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.UnitTests.Domain;

public class TrackAndMemberTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();

    [Fact]
    public void A_track_keeps_its_scenarios_in_the_given_order()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var track = new Track(Org, "Onboarding", "", ids, Now);
        track.Scenarios.Select(s => (s.ScenarioId, s.Position)).Should().Equal((ids[0], 0), (ids[1], 1), (ids[2], 2));

        track.Update("Onboarding", "", [ids[2], ids[0]], Now);
        track.Scenarios.Select(s => s.ScenarioId).Should().Equal(ids[2], ids[0]);
        track.Scenarios.Should().OnlyContain(s => s.TrackId == track.Id && s.OrgId == Org);
    }

    [Fact]
    public void A_track_needs_distinct_scenarios()
    {
        var id = Guid.NewGuid();
        FluentActions.Invoking(() => new Track(Org, "t", "", [id, id], Now)).Should().Throw<DomainException>();
        FluentActions.Invoking(() => new Track(Org, "t", "", [], Now)).Should().Throw<DomainException>();
    }

    [Fact]
    public void A_member_email_is_normalized()
    {
        var member = new Member(Org, "user_1", "  Jamie@Example.COM ", "", MemberRole.Trainee, Now);
        member.Email.Should().Be("jamie@example.com");
        member.Name.Should().Be("jamie@example.com", "a member without a name shows their email");
    }

    [Fact]
    public void Only_managers_and_admins_have_teams()
    {
        var trainee = new Member(Org, "user_1", "a@x.test", "A", MemberRole.Trainee, Now);
        var other = new Member(Org, "user_2", "b@x.test", "B", MemberRole.Trainee, Now);
        var manager = new Member(Org, "user_3", "c@x.test", "C", MemberRole.Manager, Now);
        var foreign = new Member(Guid.NewGuid(), "user_4", "d@x.test", "D", MemberRole.Manager, Now);

        trainee.Invoking(t => t.ReportTo(other, Now)).Should().Throw<DomainException>();
        trainee.Invoking(t => t.ReportTo(trainee, Now)).Should().Throw<DomainException>();
        trainee.Invoking(t => t.ReportTo(foreign, Now)).Should().Throw<DomainException>();
        trainee.ReportTo(manager, Now);
        trainee.ManagerId.Should().Be(manager.Id);
        trainee.ReportTo(null, Now);
        trainee.ManagerId.Should().BeNull();
    }

    [Fact]
    public void Deactivation_is_reversible_and_keeps_the_member()
    {
        var member = new Member(Org, "user_1", "a@x.test", "A", MemberRole.Trainee, Now);
        member.Deactivate(Now.AddDays(1));
        member.IsActive.Should().BeFalse();
        member.DeactivatedAt.Should().Be(Now.AddDays(1));
        member.Reactivate(Now.AddDays(2));
        member.IsActive.Should().BeTrue();
        member.DeactivatedAt.Should().BeNull();
    }

    [Fact]
    public void Changing_a_role_returns_the_previous_one()
    {
        var member = new Member(Org, "user_1", "a@x.test", "A", MemberRole.Trainee, Now);
        member.ChangeRole(MemberRole.Manager, Now).Should().Be(MemberRole.Trainee);
        member.Role.Should().Be(MemberRole.Manager);
    }
}

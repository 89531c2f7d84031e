using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.UnitTests.Domain.Identity;

/// <summary>What a deleted account leaves behind: redacted names, an anonymized member, roles read from providers.</summary>
public class PersonalDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Hi, this is Jamie from Acme.", "Hi, this is [name removed] from Acme.")]
    [InlineData("JAMIE LEE speaking", "[name removed] speaking")]
    [InlineData("Jamie's pitch was good, Lee.", "[name removed]'s pitch was good, [name removed].")]
    [InlineData("Benjamie and Jamieson are other people", "Benjamie and Jamieson are other people")]
    [InlineData("Lee-Anne called", "[name removed]-Anne called")]
    [InlineData("", "")]
    [InlineData("No names here.", "No names here.")]
    public void Names_are_replaced_as_whole_words_in_any_case(string text, string expected) =>
        PersonalDataRedactor.Redact(text, PersonalDataRedactor.NameForms("Jamie Lee")).Should().Be(expected);

    [Fact]
    public void Name_forms_are_the_full_name_then_its_parts_longest_first_without_initials()
    {
        PersonalDataRedactor.NameForms("  Mary  J. Watson ").Should().Equal("Mary J. Watson", "Watson", "Mary");
        PersonalDataRedactor.NameForms(null).Should().BeEmpty();
        PersonalDataRedactor.NameForms(" ").Should().BeEmpty();
    }

    [Fact]
    public void Characters_with_regex_meaning_in_names_are_taken_literally() =>
        PersonalDataRedactor.Redact("Call (O'Brien) or O.Brien", ["O'Brien"]).Should().Be("Call ([name removed]) or O.Brien");

    [Fact]
    public void Anonymizing_a_member_removes_name_email_and_provider_link_and_ends_the_membership()
    {
        var member = new Member(Guid.NewGuid(), "user_123", "Jamie@Example.test", "Jamie Lee", MemberRole.Trainee, Now);
        member.Anonymize(Now.AddDays(1));
        member.Name.Should().Be(Member.AnonymizedName);
        member.Email.Should().Be($"deleted-{member.Id:N}@anonymized.invalid");
        member.ExternalUserId.Should().Be($"deleted_{member.Id:N}");
        member.IsActive.Should().BeFalse();
        member.AnonymizedAt.Should().Be(Now.AddDays(1));

        // Later syncs cannot bring personal data back.
        member.SyncProfile("jamie@example.test", "Jamie Lee", Now.AddDays(2));
        member.Name.Should().Be(Member.AnonymizedName);
        member.Anonymize(Now.AddDays(3));
        member.AnonymizedAt.Should().Be(Now.AddDays(1));
    }

    [Theory]
    [InlineData("org:admin", MemberRole.Admin)]
    [InlineData("admin", MemberRole.Admin)]
    [InlineData("owner", MemberRole.Admin)]
    [InlineData("org:manager", MemberRole.Manager)]
    [InlineData("Manager", MemberRole.Manager)]
    [InlineData("org:member", MemberRole.Trainee)]
    [InlineData("basic_member", MemberRole.Trainee)]
    [InlineData("rep", MemberRole.Trainee)]
    [InlineData("trainee", MemberRole.Trainee)]
    [InlineData("authenticated", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Provider_role_names_map_to_platform_roles(string? name, MemberRole? expected) =>
        MemberRoles.Parse(name).Should().Be(expected);

    [Fact]
    public void A_recording_deleted_on_purpose_is_forgotten_and_its_key_returned()
    {
        var attempt = new Attempt(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, Now);
        attempt.RecordingStored("org/attempt.wav", "audio/wav", 10, Now);
        attempt.DeleteRecording(Now).Should().Be("org/attempt.wav");
        attempt.RecordingStatus.Should().Be(RecordingStatus.Deleted);
        attempt.RecordingKey.Should().BeNull();
        attempt.DeleteRecording(Now).Should().BeNull();
    }
}

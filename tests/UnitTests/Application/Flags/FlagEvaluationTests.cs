using VoiceTraining.Application.Flags;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.UnitTests.Application.Flags;

/// <summary>The rule of ADR 0021: the most specific setting's switch, within the member's entitlement.</summary>
public sealed class FlagEvaluationTests
{
    private static readonly Guid Me = Guid.NewGuid();
    private static readonly Guid Someone = Guid.NewGuid();

    private static FlagSettingValue S(FlagScope scope, bool enabled, Guid? member = null, string key = FlagKeys.VoiceAiEnabled) =>
        new(key, scope, scope == FlagScope.User ? member ?? Me : null, enabled);

    private static FlagEvaluation Voice(bool hasSim, Guid? member, params FlagSettingValue[] settings) =>
        FeatureFlags.Evaluate(FlagDefinitions.Find(FlagKeys.VoiceAiEnabled)!, settings, member,
            new FeatureFlags.EntitlementContext(hasSim, new HashSet<string>()));

    public static TheoryData<bool?, bool?, bool?, bool, string> Scopes => new()
    {
        // global, organization, user → switch, decided by
        { null, null, null, true, "default" },
        { false, null, null, false, "global" },
        { true, null, null, true, "global" },
        { false, true, null, true, "organization" },
        { true, false, null, false, "organization" },
        { false, false, true, true, "user" },
        { true, true, false, false, "user" },
        { null, false, true, true, "user" },
        { null, true, null, true, "organization" },
        { false, null, true, true, "user" },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void The_most_specific_setting_decides_the_switch(bool? global, bool? organization, bool? user, bool expected, string decidedBy)
    {
        var settings = new List<FlagSettingValue>();
        if (global is { } g) settings.Add(S(FlagScope.Global, g));
        if (organization is { } o) settings.Add(S(FlagScope.Organization, o));
        if (user is { } u) settings.Add(S(FlagScope.User, u));

        var flag = Voice(hasSim: true, Me, [.. settings]);

        flag.SwitchOn.Should().Be(expected);
        flag.Enabled.Should().Be(expected);
        flag.DecidedBy.Should().Be(decidedBy);
        (flag.GlobalValue, flag.OrganizationValue, flag.UserValue).Should().Be((global, organization, user));
    }

    [Fact]
    public void A_setting_never_grants_voice_ai_without_a_sim()
    {
        var flag = Voice(hasSim: false, Me, S(FlagScope.User, true), S(FlagScope.Organization, true));
        flag.SwitchOn.Should().BeTrue();
        flag.Entitled.Should().BeFalse();
        flag.Enabled.Should().BeFalse();
    }

    [Fact]
    public void Another_members_setting_does_not_apply()
    {
        var flag = Voice(hasSim: true, Me, S(FlagScope.User, false, Someone));
        flag.Enabled.Should().BeTrue();
        flag.DecidedBy.Should().Be("default");
    }

    [Fact]
    public void Without_a_member_user_settings_are_ignored_and_the_organization_decides()
    {
        var flag = Voice(hasSim: false, member: null, S(FlagScope.User, false), S(FlagScope.Organization, true));
        flag.UserValue.Should().BeNull();
        flag.DecidedBy.Should().Be("organization");
    }

    [Fact]
    public void Settings_of_another_flag_do_not_apply()
    {
        var flag = Voice(hasSim: true, Me, S(FlagScope.Global, false, key: "webhooks"));
        flag.Enabled.Should().BeTrue();
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, null, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void A_plan_feature_needs_the_plan_and_its_switch(bool planHasIt, bool? organization, bool expected)
    {
        var settings = organization is { } o ? new[] { S(FlagScope.Organization, o, key: "webhooks") } : [];
        var flag = FeatureFlags.Evaluate(FlagDefinitions.Find("webhooks")!, settings, null,
            new FeatureFlags.EntitlementContext(false, planHasIt ? new HashSet<string> { "webhooks" } : new HashSet<string>()));
        flag.Enabled.Should().Be(expected);
    }

    [Fact]
    public void Every_plan_feature_is_a_flag_and_keys_are_unique()
    {
        FlagDefinitions.All.Select(d => d.Key).Should().OnlyHaveUniqueItems();
        VoiceTraining.Application.Billing.Plans.PlanFeatures.All.Should().OnlyContain(f => FlagDefinitions.Find(f) != null);
    }
}

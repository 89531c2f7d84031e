using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.UnitTests.Domain;

public sealed class OrganizationBillingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static Organization Org() => new("Acme", null, T0);

    private static bool Apply(Organization org, string plan, SubscriptionStatus status, DateTimeOffset eventAt) =>
        org.ApplySubscription(plan, status, "sub_1", T0, T0.AddMonths(1), false, 0, [], eventAt, eventAt);

    [Fact]
    public void A_newer_state_applies_and_an_older_one_is_ignored()
    {
        var org = Org();
        Apply(org, "starter", SubscriptionStatus.Active, T0.AddSeconds(10)).Should().BeTrue();
        Apply(org, "professional", SubscriptionStatus.Active, T0.AddSeconds(5)).Should().BeFalse();
        org.Plan.Should().Be("starter");
        Apply(org, "professional", SubscriptionStatus.Active, T0.AddSeconds(10)).Should().BeTrue("a tie is applied (the caller re-reads the provider for ties)");
        org.Plan.Should().Be("professional");
    }

    [Fact]
    public void Plan_changes_raise_one_event_each()
    {
        var org = Org();
        Apply(org, "starter", SubscriptionStatus.Active, T0);
        Apply(org, "starter", SubscriptionStatus.Active, T0.AddSeconds(1));
        Apply(org, "professional", SubscriptionStatus.Active, T0.AddSeconds(2));
        org.DomainEvents.OfType<PlanChanged>().Select(e => (e.OldPlan, e.NewPlan)).Should().Equal(("free", "starter"), ("starter", "professional"));
    }

    [Fact]
    public void Past_due_starts_once_and_a_payment_clears_it()
    {
        var org = Org();
        org.PaymentFailed(T0);
        org.PaymentFailed(T0.AddDays(2));
        (org.SubscriptionStatus, org.PastDueSince).Should().Be((SubscriptionStatus.PastDue, (DateTimeOffset?)T0));
        org.PaymentSucceeded();
        (org.SubscriptionStatus, org.PastDueSince).Should().Be((SubscriptionStatus.Active, (DateTimeOffset?)null));
    }

    [Fact]
    public void Ending_the_subscription_returns_to_the_free_plan_unless_a_newer_state_exists()
    {
        var org = Org();
        Apply(org, "professional", SubscriptionStatus.Active, T0.AddSeconds(20));
        org.EndSubscription("free", T0.AddSeconds(10), T0).Should().BeFalse();
        org.Plan.Should().Be("professional");
        org.EndSubscription("free", T0.AddSeconds(30), T0).Should().BeTrue();
        (org.Plan, org.SubscriptionStatus, org.BillingSubscriptionId, org.VoiceSims).Should().Be(("free", SubscriptionStatus.Canceled, (string?)null, 0));
    }

    [Fact]
    public void A_second_stripe_customer_is_refused()
    {
        var org = Org();
        org.AttachBillingCustomer("cus_1");
        org.AttachBillingCustomer("cus_1");
        var act = () => org.AttachBillingCustomer("cus_2");
        act.Should().Throw<VoiceTraining.Domain.Common.DomainException>();
    }
}

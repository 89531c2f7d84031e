using Microsoft.Extensions.Configuration;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Infrastructure.Billing;
using VoiceTraining.UnitTests.Architecture;

namespace VoiceTraining.UnitTests.Infrastructure.Billing;

public class PlanCatalogueLoaderTests
{
    private static readonly string RepositoryFile = Path.Combine(LayerDependencyTests.RepositoryRoot(), "config", "plans.yaml");
    private static readonly string RepositoryYaml = File.ReadAllText(RepositoryFile);

    private static readonly Dictionary<string, string?> Prices = new()
    {
        ["NEXT_PUBLIC_STRIPE_PRICE_STARTER"] = "price_starter_test",
        ["NEXT_PUBLIC_STRIPE_PRICE_PROFESSIONAL"] = "price_professional_test",
        ["NEXT_PUBLIC_STRIPE_PRICE_ENTERPRISE"] = "price_enterprise_test",
        ["VOICE_ADDON_SINGLE_SIM_PRICE_ID"] = "price_sim_test",
        ["VOICE_ADDON_BUNDLE_3_PRICE_ID"] = "price_sim3_test",
    };

    private static IConfiguration Config(Dictionary<string, string?>? values = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(values ?? Prices).Build();

    private static PlanCatalogue Parse(string yaml, Dictionary<string, string?>? values = null) =>
        PlanCatalogueLoader.Parse(yaml, Config(values), "plans.yaml");

    /// <summary>The repository's file with one edit (which must apply).</summary>
    private static string Edited(string from, string to)
    {
        RepositoryYaml.Should().Contain(from, "the test edits the real file");
        var at = RepositoryYaml.IndexOf(from, StringComparison.Ordinal);
        return RepositoryYaml[..at] + to + RepositoryYaml[(at + from.Length)..];
    }

    private static PlanCatalogueException Invalid(string yaml, Dictionary<string, string?>? values = null)
    {
        var thrown = FluentActions.Invoking(() => Parse(yaml, values)).Should().Throw<PlanCatalogueException>().Which;
        thrown.Message.Should().StartWith("The plan catalogue plans.yaml is invalid:");
        return thrown;
    }

    [Fact]
    public void The_repository_catalogue_loads_with_its_plans_and_add_ons()
    {
        var catalogue = PlanCatalogueLoader.LoadFile(RepositoryFile, Config());

        catalogue.Plans.Select(p => p.Id).Should().Equal("free", "starter", "professional", "enterprise");
        catalogue.AddOns.Select(a => a.Id).Should().Equal("voice_sim_single", "voice_sim_bundle_3");
        catalogue.Default.Id.Should().Be("free");
        catalogue.Default.Price.IsFree.Should().BeTrue();
        catalogue.Default.IsPurchasable.Should().BeFalse();

        var starter = catalogue.GetPlan("starter");
        starter.Price.Should().Be(new Price(4900, "usd", BillingInterval.Month, "NEXT_PUBLIC_STRIPE_PRICE_STARTER", "price_starter_test"));
        catalogue.GetPlan("professional").Price.AmountCents.Should().Be(19900);

        var enterprise = catalogue.GetPlan("enterprise");
        enterprise.Price.IsCustom.Should().BeTrue();
        enterprise.Price.Interval.Should().Be(BillingInterval.Year);
        enterprise.Entitlements.Seats.Should().BeNull("unlimited");
        enterprise.Entitlements.PublishedScenarios.Should().BeNull();

        var professional = catalogue.GetPlan("professional").Entitlements;
        professional.Has(PlanFeatures.Webhooks).Should().BeTrue();
        professional.Has(PlanFeatures.ApiAccess).Should().BeTrue();
        catalogue.GetPlan("starter").Entitlements.Has(PlanFeatures.Webhooks).Should().BeFalse();
        catalogue.Default.Entitlements.Features.Should().BeEmpty();

        var single = catalogue.FindAddOn("voice_sim_single")!;
        single.Sims.Should().Be(1);
        single.Price.AmountCents.Should().Be(1000);
        catalogue.FindAddOn("voice_sim_bundle_3")!.Price.AmountCents.Should().Be(2500);
        catalogue.FindAddOn("voice_sim_bundle_3")!.Sims.Should().Be(3);
    }

    [Fact]
    public void Plans_and_add_ons_are_found_by_their_stripe_price_id()
    {
        var catalogue = Parse(RepositoryYaml);

        catalogue.FindByPriceId("price_professional_test").Should().BeOfType<Plan>().Which.Id.Should().Be("professional");
        catalogue.FindPlanByPriceId("price_enterprise_test")!.Id.Should().Be("enterprise");
        catalogue.FindByPriceId("price_sim3_test").Should().BeOfType<AddOn>().Which.Id.Should().Be("voice_sim_bundle_3");
        catalogue.FindAddOnByPriceId("price_sim_test")!.Id.Should().Be("voice_sim_single");
        catalogue.FindPlanByPriceId("price_sim_test").Should().BeNull("it is an add-on");
        catalogue.FindByPriceId("price_unknown").Should().BeNull();
        catalogue.FindPlan("gold").Should().BeNull();
        FluentActions.Invoking(() => catalogue.GetPlan("gold")).Should().Throw<KeyNotFoundException>().WithMessage("*\"gold\"*");
    }

    [Fact]
    public void Without_price_variables_the_catalogue_loads_but_nothing_is_purchasable()
    {
        var catalogue = Parse(RepositoryYaml, []);

        catalogue.Plans.Should().OnlyContain(p => !p.IsPurchasable);
        catalogue.AddOns.Should().OnlyContain(a => !a.IsPurchasable);
        catalogue.GetPlan("starter").Price.PriceIdVariable.Should().Be("NEXT_PUBLIC_STRIPE_PRICE_STARTER");
        catalogue.FindByPriceId("price_starter_test").Should().BeNull();
    }

    [Fact]
    public void The_built_in_catalogue_is_the_repository_file_and_plans_file_overrides_it()
    {
        PlanCatalogueLoader.Load(Config()).Plans.Should().BeEquivalentTo(Parse(RepositoryYaml).Plans);

        var path = Path.Combine(Path.GetTempPath(), $"plans-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Edited("name: Starter", "name: Starter (EU)"));
        try
        {
            var values = new Dictionary<string, string?>(Prices) { [PlanCatalogueLoader.FileSetting] = path };
            PlanCatalogueLoader.Load(Config(values)).GetPlan("starter").Name.Should().Be("Starter (EU)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        FluentActions.Invoking(() => PlanCatalogueLoader.LoadFile("no/such/plans.yaml", Config()))
            .Should().Throw<PlanCatalogueException>().WithMessage("*no/such/plans.yaml*does not exist*");
    }

    [Fact]
    public void Duplicate_ids_fail()
    {
        Invalid(Edited("id: starter", "id: free")).Problems.Should().Contain(p => p.Contains("\"free\" is used more than once", StringComparison.Ordinal));
        Invalid(Edited("id: voice_sim_single", "id: professional")).Problems.Should().Contain(p => p.Contains("\"professional\" is used more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void Exactly_one_default_plan_is_required()
    {
        Invalid(Edited("    default: true\n", "")).Problems.Should().Contain(p => p.StartsWith("No plan is marked default", StringComparison.Ordinal));
        Invalid(Edited("    name: Starter\n", "    name: Starter\n    default: true\n")).Problems.Should().Contain(p => p.Contains("2 plans are marked default (free, starter)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_plan_must_be_free_and_the_only_free_one()
    {
        Invalid(Edited("amount_cents: 0", "amount_cents: 100")).Problems.Should().Contain("The default plan \"free\" must be free (amount 0, no Stripe price).");
        Invalid(Edited("amount_cents: 4900", "amount_cents: 0")).Problems.Should().Contain(p => p.Contains("\"starter\" is free but not the default", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("seats: 10", "seats: -1", "The plan \"starter\" has a negative seats (-1).")]
    [InlineData("published_scenarios: 15", "published_scenarios: -2", "The plan \"starter\" has a negative published_scenarios (-2).")]
    [InlineData("voice_minutes_per_month: 500", "voice_minutes_per_month: -500", "The plan \"starter\" has a negative voice_minutes_per_month (-500).")]
    [InlineData("amount_cents: 4900", "amount_cents: -4900", "The plan \"starter\" has a negative amount (-4900).")]
    public void Negative_numbers_fail(string from, string to, string problem)
    {
        Invalid(Edited(from, to)).Problems.Should().Contain(problem);
    }

    [Fact]
    public void Unknown_features_fail_and_the_known_ones_are_listed()
    {
        var problem = Invalid(Edited("features: [custom_personas, team_leaderboard, call_recordings]", "features: [custom_personas, telepathy]")).Problems.Should().ContainSingle().Subject;

        problem.Should().StartWith("The plan \"starter\" grants an unknown feature \"telepathy\" (known: ").And.Contain("webhooks").And.Contain("api_access");
    }

    [Fact]
    public void A_feature_listed_twice_fails()
    {
        Invalid(Edited("features: [custom_personas, team_leaderboard, call_recordings]", "features: [webhooks, webhooks]"))
            .Problems.Should().Contain(p => p.Contains("lists the feature \"webhooks\" twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("seats: 10", "seats: lots", "entitlements.seats \"lots\"; use a whole number or \"unlimited\"")]
    [InlineData("seats: 10", "seats: 2.5", "entitlements.seats \"2.5\"")]
    [InlineData("      seats: 10\n", "", "has no entitlements.seats")]
    [InlineData("interval: year", "interval: weekly", "billing interval \"weekly\"; use month or year")]
    [InlineData("currency: usd\n      interval: year", "currency: dollars\n      interval: year", "invalid currency \"dollars\"")]
    [InlineData("      env: NEXT_PUBLIC_STRIPE_PRICE_STARTER\n", "", "plan \"starter\" is not free, so it must name the environment variable")]
    [InlineData("env: NEXT_PUBLIC_STRIPE_PRICE_STARTER", "env: starter-price", "invalid price variable \"starter-price\"")]
    [InlineData("env: NEXT_PUBLIC_STRIPE_PRICE_STARTER", "env: NEXT_PUBLIC_STRIPE_PRICE_PROFESSIONAL", "The price variable NEXT_PUBLIC_STRIPE_PRICE_PROFESSIONAL is named by more than one item (starter, professional)")]
    [InlineData("    name: Starter\n", "", "The plan \"starter\" has no name.")]
    [InlineData("  - id: starter\n", "  - name: Nameless\n", "plans[1] (no id) has no id.")]
    [InlineData("id: starter", "id: Starter-Plan", "The plan id \"Starter-Plan\" is not valid")]
    [InlineData("sims: 3", "sims: 0", "The add-on \"voice_sim_bundle_3\" must provide at least one SIM (sims: 0).")]
    [InlineData("amount_cents: 2500", "amount_cents: 0", "The add-on \"voice_sim_bundle_3\" needs a positive amount.")]
    [InlineData("    sims: 3\n    available_on: [starter, professional, enterprise]", "    sims: 3\n    available_on: [starter, platinum]", "The add-on \"voice_sim_bundle_3\" is available on an unknown plan \"platinum\".")]
    [InlineData("    sims: 3\n    available_on: [starter, professional, enterprise]\n", "    sims: 3\n", "The add-on \"voice_sim_bundle_3\" is not available on any plan.")]
    public void Broken_values_fail_with_the_problem_named(string from, string to, string problem)
    {
        var thrown = Invalid(Edited(from, to));

        thrown.Problems.Should().Contain(p => p.Contains(problem, StringComparison.Ordinal));
        thrown.Message.Should().Contain(problem);
    }

    [Fact]
    public void Two_items_resolving_to_the_same_stripe_price_fail()
    {
        var values = new Dictionary<string, string?>(Prices) { ["VOICE_ADDON_BUNDLE_3_PRICE_ID"] = "price_sim_test" };

        Invalid(RepositoryYaml, values).Problems.Should().Contain(
            "The Stripe price id price_sim_test is used by more than one item (voice_sim_single via VOICE_ADDON_SINGLE_SIM_PRICE_ID, voice_sim_bundle_3 via VOICE_ADDON_BUNDLE_3_PRICE_ID).");
    }

    [Fact]
    public void A_variable_holding_something_else_than_a_price_id_fails()
    {
        var values = new Dictionary<string, string?>(Prices) { ["NEXT_PUBLIC_STRIPE_PRICE_STARTER"] = "prod_starter" };

        Invalid(RepositoryYaml, values).Problems.Should().Contain(p => p.Contains("\"prod_starter\" (from NEXT_PUBLIC_STRIPE_PRICE_STARTER), which does not look like one", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_key_is_named_with_its_line()
    {
        var yaml = Edited("    name: Starter\n", "    name: Starter\n    colour: blue\n");
        var line = yaml[..yaml.IndexOf("colour", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        Invalid(yaml).Problems.Should().ContainSingle().Which.Should().Be($"Line {line}, column 5: unknown key \"colour\".");
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        Invalid("plans:\n  - id: free\n    name: [unclosed\n").Problems.Single().Should().StartWith("Line ");
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("# only a comment\n", "The file is empty.")]
    [InlineData("add_ons: []\n", "There is no plans section.")]
    [InlineData("plans: []\n", "There are no plans.")]
    public void An_empty_catalogue_fails(string yaml, string problem)
    {
        Invalid(yaml).Problems.Should().Contain(problem);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var yaml = Edited("seats: 10", "seats: -1").Replace("features: [custom_personas, team_leaderboard, call_recordings]", "features: [telepathy]", StringComparison.Ordinal);

        var thrown = Invalid(yaml);

        thrown.Problems.Should().HaveCount(2);
        thrown.Message.Split(Environment.NewLine).Should().HaveCount(3, "a heading and one line per problem");
    }

    [Fact]
    public void The_catalogue_checks_plans_built_in_code_too()
    {
        var free = new Plan("free", "Free", null, true, new Price(0, "usd", BillingInterval.Month, null, null), new Entitlements(1, 1, 0, new HashSet<string>()));
        FluentActions.Invoking(() => new PlanCatalogue([free, free with { IsDefault = false }], [])).Should().Throw<PlanCatalogueException>()
            .WithMessage("*(in memory)*\"free\" is used more than once*");
        new PlanCatalogue([free], []).Default.Should().Be(free);
    }
}

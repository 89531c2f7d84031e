using System.Text.RegularExpressions;

namespace VoiceTraining.Application.Billing.Plans;

/// <summary>
/// The plans and add-ons the product sells, with their entitlements. Global (not per tenant).
/// Built once at start-up; the constructor checks the whole catalogue and throws a
/// <see cref="PlanCatalogueException"/> listing every problem, so a bad file stops the start.
/// </summary>
public sealed partial class PlanCatalogue
{
    private readonly Dictionary<string, Plan> _plans;
    private readonly Dictionary<string, AddOn> _addOns;
    private readonly Dictionary<string, CatalogueItem> _byPriceId;

    public PlanCatalogue(IReadOnlyList<Plan> plans, IReadOnlyList<AddOn> addOns, string source = "(in memory)")
    {
        var problems = Validate(plans, addOns);
        if (problems.Count > 0) throw new PlanCatalogueException(source, problems);

        Plans = plans;
        AddOns = addOns;
        _plans = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _addOns = addOns.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _byPriceId = plans.Cast<CatalogueItem>().Concat(addOns)
            .Where(i => i.Price.PriceId is not null)
            .ToDictionary(i => i.Price.PriceId!, StringComparer.Ordinal);
        Default = plans.Single(p => p.IsDefault);
    }

    /// <summary>The plans in the file's order (cheapest first, by convention).</summary>
    public IReadOnlyList<Plan> Plans { get; }

    public IReadOnlyList<AddOn> AddOns { get; }

    /// <summary>The free plan every organization starts on and falls back to when a subscription ends.</summary>
    public Plan Default { get; }

    public Plan? FindPlan(string planId) => _plans.GetValueOrDefault(planId);

    public Plan GetPlan(string planId) =>
        FindPlan(planId) ?? throw new KeyNotFoundException($"There is no plan \"{planId}\" in the catalogue.");

    public AddOn? FindAddOn(string addOnId) => _addOns.GetValueOrDefault(addOnId);

    /// <summary>The plan or add-on sold at this price of the payment provider, or null for a price the catalogue does not know.</summary>
    public CatalogueItem? FindByPriceId(string priceId) => _byPriceId.GetValueOrDefault(priceId);

    public Plan? FindPlanByPriceId(string priceId) => FindByPriceId(priceId) as Plan;

    public AddOn? FindAddOnByPriceId(string priceId) => FindByPriceId(priceId) as AddOn;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex VariablePattern();

    [GeneratedRegex("^[a-z]{3}$")]
    private static partial Regex CurrencyPattern();

    private static List<string> Validate(IReadOnlyList<Plan> plans, IReadOnlyList<AddOn> addOns)
    {
        var problems = new List<string>();
        if (plans.Count == 0) problems.Add("There are no plans.");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in plans.Cast<CatalogueItem>().Concat(addOns))
        {
            var kind = item is Plan ? "plan" : "add-on";
            if (string.IsNullOrWhiteSpace(item.Id) || !IdPattern().IsMatch(item.Id))
                problems.Add($"The {kind} id \"{item.Id}\" is not valid (lower case letters, digits and _, starting with a letter).");
            else if (!ids.Add(item.Id))
                problems.Add($"The id \"{item.Id}\" is used more than once (ids are unique across plans and add-ons).");
            var name = $"{kind} \"{item.Id}\"";
            if (string.IsNullOrWhiteSpace(item.Name)) problems.Add($"The {name} has no name.");
            ValidatePrice(name, item.Price, problems);
        }

        var defaults = plans.Where(p => p.IsDefault).ToList();
        if (plans.Count > 0 && defaults.Count != 1)
            problems.Add(defaults.Count == 0
                ? "No plan is marked default: exactly one free plan must be (organizations start on it)."
                : $"{defaults.Count} plans are marked default ({string.Join(", ", defaults.Select(p => p.Id))}): exactly one may be.");
        foreach (var plan in defaults.Where(p => !p.Price.IsFree))
            problems.Add($"The default plan \"{plan.Id}\" must be free (amount 0, no Stripe price).");
        foreach (var plan in plans.Where(p => !p.IsDefault && p.Price.IsFree))
            problems.Add($"The plan \"{plan.Id}\" is free but not the default plan: only one free plan is allowed.");

        foreach (var plan in plans)
        {
            var e = plan.Entitlements;
            foreach (var (field, value) in new[] { ("seats", e.Seats), ("published_scenarios", e.PublishedScenarios), ("voice_minutes_per_month", e.VoiceMinutesPerMonth) })
                if (value < 0) problems.Add($"The plan \"{plan.Id}\" has a negative {field} ({value}).");
            foreach (var feature in e.Features.Where(f => !PlanFeatures.All.Contains(f)).Order(StringComparer.Ordinal))
                problems.Add($"The plan \"{plan.Id}\" grants an unknown feature \"{feature}\" (known: {string.Join(", ", PlanFeatures.All.Order(StringComparer.Ordinal))}).");
        }

        var planIds = plans.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var addOn in addOns)
        {
            if (addOn.Sims <= 0) problems.Add($"The add-on \"{addOn.Id}\" must provide at least one SIM (sims: {addOn.Sims}).");
            if (addOn.Price.IsFree || addOn.Price.IsCustom) problems.Add($"The add-on \"{addOn.Id}\" needs a positive amount.");
            if (addOn.AvailableOn.Count == 0) problems.Add($"The add-on \"{addOn.Id}\" is not available on any plan.");
            foreach (var planId in addOn.AvailableOn.Where(id => !planIds.Contains(id)))
                problems.Add($"The add-on \"{addOn.Id}\" is available on an unknown plan \"{planId}\".");
        }

        foreach (var group in plans.Cast<CatalogueItem>().Concat(addOns).Where(i => i.Price.PriceIdVariable is not null).GroupBy(i => i.Price.PriceIdVariable!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"The price variable {group.Key} is named by more than one item ({string.Join(", ", group.Select(i => i.Id))}).");
        foreach (var group in plans.Cast<CatalogueItem>().Concat(addOns).Where(i => i.Price.PriceId is not null).GroupBy(i => i.Price.PriceId!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"The Stripe price id {group.Key} is used by more than one item ({string.Join(", ", group.Select(i => $"{i.Id} via {i.Price.PriceIdVariable}"))}).");
        return problems;
    }

    private static void ValidatePrice(string name, Price price, List<string> problems)
    {
        if (price.AmountCents < 0) problems.Add($"The {name} has a negative amount ({price.AmountCents}).");
        if (string.IsNullOrEmpty(price.Currency) || !CurrencyPattern().IsMatch(price.Currency))
            problems.Add($"The {name} has an invalid currency \"{price.Currency}\" (three lower case letters, e.g. usd).");
        if (!Enum.IsDefined(price.Interval)) problems.Add($"The {name} has an invalid billing interval.");
        if (price.PriceIdVariable is { } variable && !VariablePattern().IsMatch(variable))
            problems.Add($"The {name} names an invalid price variable \"{variable}\" (an environment variable name: upper case letters, digits and _).");
        if (!price.IsFree && price.PriceIdVariable is null)
            problems.Add($"The {name} is not free, so it must name the environment variable holding its Stripe price id (price.env).");
        if (price.IsFree && price.PriceIdVariable is not null)
            problems.Add($"The {name} is free, so it has no Stripe price (drop price.env).");
        if (price.PriceId is { } id && !id.StartsWith("price_", StringComparison.Ordinal))
            problems.Add($"The {name} has the Stripe price id \"{id}\" (from {price.PriceIdVariable}), which does not look like one (price_…).");
    }
}

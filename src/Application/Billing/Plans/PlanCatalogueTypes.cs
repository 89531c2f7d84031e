namespace VoiceTraining.Application.Billing.Plans;

public enum BillingInterval
{
    Month,
    Year,
}

/// <summary>
/// What a plan or add-on costs. <see cref="AmountCents"/> is null for a custom (negotiated) price;
/// the amount is for display, the payment provider's price is the truth. <see cref="PriceIdVariable"/>
/// names the environment variable that holds the provider's price id (Stripe "price_…"), and <see cref="PriceId"/> is its value
/// (null when the variable is unset, e.g. in local mode: then the item cannot be bought).
/// </summary>
public sealed record Price(long? AmountCents, string Currency, BillingInterval Interval, string? PriceIdVariable, string? PriceId)
{
    public bool IsCustom => AmountCents is null;
    public bool IsFree => AmountCents == 0;
}

/// <summary>Limits and features of a plan. A null limit means unlimited.</summary>
public sealed record Entitlements(int? Seats, int? PublishedScenarios, int? VoiceMinutesPerMonth, IReadOnlySet<string> Features)
{
    public bool Has(string feature) => Features.Contains(feature);
}

/// <summary>A plan or an add-on: something with a price at the payment provider.</summary>
public abstract record CatalogueItem(string Id, string Name, Price Price)
{
    /// <summary>Has a price id, so a checkout can be started for it.</summary>
    public bool IsPurchasable => Price.PriceId is not null;
}

public sealed record Plan(string Id, string Name, string? Description, bool IsDefault, Price Price, Entitlements Entitlements)
    : CatalogueItem(Id, Name, Price);

/// <summary>
/// Bought on top of a paid plan: <see cref="Sims"/> voice AI SIMs (the integration document's unit,
/// "$10/month per SIM, $25/month for a bundle of 3"). <see cref="AvailableOn"/> lists the plan ids it
/// can be added to.
/// </summary>
public sealed record AddOn(string Id, string Name, string? Description, int Sims, Price Price, IReadOnlyList<string> AvailableOn)
    : CatalogueItem(Id, Name, Price);

/// <summary>The feature names a plan may grant; the catalogue refuses any other.</summary>
public static class PlanFeatures
{
    public const string CustomPersonas = "custom_personas";
    public const string TeamLeaderboard = "team_leaderboard";
    public const string AdvancedAnalytics = "advanced_analytics";
    public const string CallRecordings = "call_recordings";
    public const string Webhooks = "webhooks";
    public const string ApiAccess = "api_access";
    public const string Sso = "sso";
    public const string PrioritySupport = "priority_support";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        CustomPersonas, TeamLeaderboard, AdvancedAnalytics, CallRecordings, Webhooks, ApiAccess, Sso, PrioritySupport,
    };
}

/// <summary>The plan catalogue is invalid; the message lists every problem found.</summary>
public sealed class PlanCatalogueException(string source, IReadOnlyList<string> problems)
    : Exception($"The plan catalogue {source} is invalid:{string.Concat(problems.Select(p => Environment.NewLine + " - " + p))}")
{
    /// <summary>Where the catalogue came from (a file path or a description).</summary>
    public string CatalogueSource => source;
    public IReadOnlyList<string> Problems => problems;
}

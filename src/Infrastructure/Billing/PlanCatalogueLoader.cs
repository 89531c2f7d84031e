using System.Globalization;
using Microsoft.Extensions.Configuration;
using VoiceTraining.Application.Billing.Plans;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace VoiceTraining.Infrastructure.Billing;

/// <summary>
/// Reads the plan catalogue from YAML (config/plans.yaml) and resolves each item's Stripe price id
/// from the environment variable the file names. Unknown keys, bad values and every rule of
/// <see cref="PlanCatalogue"/> fail the load with a <see cref="PlanCatalogueException"/> naming the problem.
/// </summary>
public static class PlanCatalogueLoader
{
    /// <summary>Setting (environment variable) that points at another catalogue file.</summary>
    public const string FileSetting = "PLANS_FILE";

    /// <summary>The repository's config/plans.yaml, compiled into this assembly.</summary>
    private const string EmbeddedResource = "VoiceTraining.Infrastructure.Billing.plans.yaml";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>The file in PLANS_FILE when set, else the catalogue built into the application.</summary>
    public static PlanCatalogue Load(IConfiguration configuration)
    {
        var path = configuration[FileSetting];
        if (!string.IsNullOrWhiteSpace(path)) return LoadFile(path.Trim(), configuration);

        using var stream = typeof(PlanCatalogueLoader).Assembly.GetManifestResourceStream(EmbeddedResource)
            ?? throw new InvalidOperationException($"The built-in plan catalogue ({EmbeddedResource}) is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), configuration, "config/plans.yaml (built in)");
    }

    public static PlanCatalogue LoadFile(string path, IConfiguration configuration)
    {
        if (!File.Exists(path)) throw new PlanCatalogueException(path, ["The file does not exist."]);
        return Parse(File.ReadAllText(path), configuration, path);
    }

    public static PlanCatalogue Parse(string yaml, IConfiguration configuration, string source)
    {
        CatalogueFile? file;
        try
        {
            file = Deserializer.Deserialize<CatalogueFile?>(yaml);
        }
        catch (YamlException e)
        {
            throw new PlanCatalogueException(source, [$"Line {e.Start.Line}, column {e.Start.Column}: {Describe(e)}"]);
        }
        if (file is null) throw new PlanCatalogueException(source, ["The file is empty."]);

        var problems = new List<string>();
        var plans = new List<Plan>();
        var addOns = new List<AddOn>();
        if (file.Plans is null) problems.Add("There is no plans section.");
        foreach (var (p, i) in (file.Plans ?? []).Select((p, i) => (p, i)))
        {
            var where = $"plans[{i}] ({p?.Id ?? "no id"})";
            if (p is null) { problems.Add($"plans[{i}] is empty."); continue; }
            var price = ReadPrice(where, p.Price, configuration, problems);
            var entitlements = ReadEntitlements(where, p.Entitlements, problems);
            if (p.Id is null) problems.Add($"{where} has no id.");
            if (price is null || entitlements is null || p.Id is null) continue;
            plans.Add(new Plan(p.Id, p.Name ?? "", p.Description, p.Default ?? false, price, entitlements));
        }
        foreach (var (a, i) in (file.AddOns ?? []).Select((a, i) => (a, i)))
        {
            var where = $"add_ons[{i}] ({a?.Id ?? "no id"})";
            if (a is null) { problems.Add($"add_ons[{i}] is empty."); continue; }
            var price = ReadPrice(where, a.Price, configuration, problems);
            if (a.Id is null) problems.Add($"{where} has no id.");
            if (a.Sims is null) problems.Add($"{where} has no sims count.");
            if (price is null || a.Id is null || a.Sims is null) continue;
            addOns.Add(new AddOn(a.Id, a.Name ?? "", a.Description, a.Sims.Value, price, a.AvailableOn ?? []));
        }
        if (problems.Count > 0) throw new PlanCatalogueException(source, problems);
        return new PlanCatalogue(plans, addOns, source);
    }

    private static Price? ReadPrice(string where, PriceSection? price, IConfiguration configuration, List<string> problems)
    {
        if (price is null) { problems.Add($"{where} has no price section."); return null; }
        BillingInterval? interval = price.Interval switch
        {
            "month" => BillingInterval.Month,
            "year" => BillingInterval.Year,
            _ => null,
        };
        if (interval is null) { problems.Add($"{where} has the billing interval \"{price.Interval}\"; use month or year."); return null; }
        var variable = string.IsNullOrWhiteSpace(price.Env) ? null : price.Env.Trim();
        var priceId = variable is null || string.IsNullOrWhiteSpace(configuration[variable]) ? null : configuration[variable]!.Trim();
        return new Price(price.AmountCents, (price.Currency ?? "usd").Trim(), interval.Value, variable, priceId);
    }

    private static Entitlements? ReadEntitlements(string where, EntitlementsSection? e, List<string> problems)
    {
        if (e is null) { problems.Add($"{where} has no entitlements section."); return null; }
        var ok = true;
        int? Limit(string field, string? value)
        {
            if (value is null) { problems.Add($"{where} has no entitlements.{field} (a whole number or \"unlimited\")."); ok = false; return null; }
            if (value == "unlimited") return null;
            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
            problems.Add($"{where} has entitlements.{field} \"{value}\"; use a whole number or \"unlimited\".");
            ok = false;
            return null;
        }
        var seats = Limit("seats", e.Seats);
        var scenarios = Limit("published_scenarios", e.PublishedScenarios);
        var minutes = Limit("voice_minutes_per_month", e.VoiceMinutesPerMonth);
        var features = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in e.Features ?? [])
            if (!features.Add(feature)) problems.Add($"{where} lists the feature \"{feature}\" twice.");
        return ok ? new Entitlements(seats, scenarios, minutes, features) : null;
    }

    /// <summary>YamlDotNet wraps the useful message (e.g. an unknown key) in its inner exceptions.</summary>
    private static string Describe(YamlException e)
    {
        Exception inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var message = inner.Message;
        // "Property 'x' not found on type '…PriceSection'." → name the key, not our type.
        if (message.StartsWith("Property '", StringComparison.Ordinal) && message.Contains("not found on type", StringComparison.Ordinal))
            return $"unknown key \"{message.Split('\'')[1]}\".";
        return message;
    }

    // The file's shape. Every field is optional here so that a missing one is reported by name.
    private sealed class CatalogueFile
    {
        public List<PlanSection?>? Plans { get; set; }
        public List<AddOnSection?>? AddOns { get; set; }
    }

    private sealed class PlanSection
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public bool? Default { get; set; }
        public PriceSection? Price { get; set; }
        public EntitlementsSection? Entitlements { get; set; }
    }

    private sealed class AddOnSection
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public int? Sims { get; set; }
        public List<string>? AvailableOn { get; set; }
        public PriceSection? Price { get; set; }
    }

    private sealed class PriceSection
    {
        public long? AmountCents { get; set; }
        public string? Currency { get; set; }
        public string? Interval { get; set; }
        public string? Env { get; set; }
    }

    private sealed class EntitlementsSection
    {
        public string? Seats { get; set; }
        public string? PublishedScenarios { get; set; }
        public string? VoiceMinutesPerMonth { get; set; }
        public List<string>? Features { get; set; }
    }
}

using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Exceptions;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Flags;

namespace VoiceTraining.Application.Flags;

/// <summary>The evaluator of <see cref="FlagDefinitions"/> (ADR 0021).</summary>
public sealed class FeatureFlags(IApplicationDbContext db, FlagSettingsCache cache, PlanCatalogue catalogue) : IFeatureFlags
{
    public async Task<bool> IsEnabledAsync(Guid orgId, Guid memberId, string key, CancellationToken cancellationToken) =>
        (await EvaluateAsync(orgId, memberId, key, cancellationToken)).Enabled;

    public async Task<bool> IsEnabledForOrganizationAsync(Guid orgId, string key, CancellationToken cancellationToken) =>
        (await EvaluateAsync(orgId, null, key, cancellationToken)).Enabled;

    public async Task EnsureEnabledAsync(Guid orgId, Guid memberId, string key, CancellationToken cancellationToken)
    {
        var flag = await EvaluateAsync(orgId, memberId, key, cancellationToken);
        if (flag.Enabled) return;
        var definition = FlagDefinitions.Find(key)!;
        var why = !flag.Entitled
            ? definition.Entitlement switch
            {
                FlagEntitlement.VoiceSim => "You have no voice AI SIM. An admin can assign one in Settings > Billing.",
                FlagEntitlement.PlanFeature => "The organization's plan does not include it. An admin can upgrade in Settings > Billing.",
                _ => "It is not available to you.",
            }
            : flag.DecidedBy switch
            {
                "user" => "It is switched off for you by an admin.",
                "organization" => "It is switched off for your organization.",
                _ => "It is switched off on the platform.",
            };
        throw new ForbiddenException($"The feature \"{key}\" is off. {why}");
    }

    public async Task<FlagEvaluation> EvaluateAsync(Guid orgId, Guid? memberId, string key, CancellationToken cancellationToken)
    {
        var definition = FlagDefinitions.Find(key) ?? throw new NotFoundException("Feature flag", key);
        var settings = await SettingsAsync(orgId, cancellationToken);
        var context = await EntitlementContextAsync(orgId, memberId, [definition], cancellationToken);
        return Evaluate(definition, settings, memberId, context);
    }

    public async Task<IReadOnlyList<FlagEvaluation>> EvaluateAllAsync(Guid orgId, Guid? memberId, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(orgId, cancellationToken);
        var context = await EntitlementContextAsync(orgId, memberId, FlagDefinitions.All, cancellationToken);
        return [.. FlagDefinitions.All.Select(d => Evaluate(d, settings, memberId, context))];
    }

    /// <summary>What the member holds: read once per evaluation, only the parts the flags asked about need.</summary>
    internal sealed record EntitlementContext(bool HasSim, IReadOnlySet<string> PlanFeatures);

    private async Task<EntitlementContext> EntitlementContextAsync(Guid orgId, Guid? memberId, IEnumerable<FlagDefinition> definitions, CancellationToken cancellationToken)
    {
        var needs = definitions.Select(d => d.Entitlement).ToHashSet();
        var hasSim = memberId is { } id && needs.Contains(FlagEntitlement.VoiceSim)
            && await db.UserVoiceAddOns.IgnoreQueryFilters().AnyAsync(u => u.OrgId == orgId && u.MemberId == id && u.VoiceAddOnActive, cancellationToken);
        IReadOnlySet<string> features = new HashSet<string>();
        if (needs.Contains(FlagEntitlement.PlanFeature))
        {
            var planId = await db.Organizations.IgnoreQueryFilters().Where(o => o.Id == orgId).Select(o => o.Plan).SingleOrDefaultAsync(cancellationToken);
            features = (catalogue.FindPlan(planId ?? "") ?? catalogue.Default).Entitlements.Features;
        }
        return new EntitlementContext(hasSim, features);
    }

    private Task<IReadOnlyList<FlagSettingValue>> SettingsAsync(Guid orgId, CancellationToken cancellationToken) =>
        cache.GetAsync(orgId, async () => await db.FeatureFlagSettings.AsNoTracking()
            .Where(s => s.OrgId == null || s.OrgId == orgId)
            .Select(s => new FlagSettingValue(s.Key, s.Scope, s.MemberId, s.Enabled))
            .ToListAsync(cancellationToken));

    /// <summary>The rule of ADR 0021, for one flag: the most specific setting's switch, and the entitlement.</summary>
    internal static FlagEvaluation Evaluate(FlagDefinition definition, IReadOnlyList<FlagSettingValue> settings, Guid? memberId, EntitlementContext context)
    {
        bool? At(FlagScope scope) => settings.FirstOrDefault(s => s.Key == definition.Key && s.Scope == scope
            && (scope != FlagScope.User || s.MemberId == memberId))?.Enabled;
        var global = At(FlagScope.Global);
        var organization = At(FlagScope.Organization);
        var user = memberId is null ? null : At(FlagScope.User);
        var (switchOn, decidedBy) = user is { } u ? (u, "user")
            : organization is { } o ? (o, "organization")
            : global is { } g ? (g, "global")
            : (definition.DefaultSwitch, "default");
        var entitled = definition.Entitlement switch
        {
            FlagEntitlement.VoiceSim => context.HasSim,
            FlagEntitlement.PlanFeature => context.PlanFeatures.Contains(definition.Key),
            _ => true,
        };
        return new FlagEvaluation(definition.Key, definition.Description, switchOn && entitled, switchOn, decidedBy, entitled, global, organization, user);
    }
}

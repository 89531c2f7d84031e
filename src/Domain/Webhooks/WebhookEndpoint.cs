using VoiceTraining.Domain.Common;

namespace VoiceTraining.Domain.Webhooks;

/// <summary>Where an endpoint came from: the settings page, or a Zapier-style REST hook subscription.</summary>
public enum WebhookEndpointSource
{
    Settings,
    RestHook,
}

/// <summary>
/// A URL of the organization's own systems that receives signed event deliveries. The secret is
/// stored protected (encrypted); this class only ever holds the protected form.
/// </summary>
public sealed class WebhookEndpoint : TenantEntity
{
    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);
    /// <summary>An endpoint that fails every delivery for this long is switched off.</summary>
    public static readonly TimeSpan FailureDisableAfter = TimeSpan.FromDays(5);

    public string Name { get; private set; } = "";
    public string Url { get; private set; } = "";
    public string ProtectedSecret { get; private set; } = "";
    public string? PreviousProtectedSecret { get; private set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    /// <summary>Last four characters of the secret, to tell secrets apart without revealing them.</summary>
    public string SecretHint { get; private set; } = "";
    public List<string> Events { get; private set; } = [];
    public bool Enabled { get; private set; }
    public WebhookEndpointSource Source { get; private set; }
    public Guid? CreatedById { get; private set; }
    /// <summary>Since when every delivery has failed; null after a success.</summary>
    public DateTimeOffset? FailingSince { get; private set; }
    public DateTimeOffset? DisabledAt { get; private set; }
    public string? DisabledReason { get; private set; }

    private WebhookEndpoint() { }

    public WebhookEndpoint(Guid orgId, string name, string url, IEnumerable<string> events, bool enabled, WebhookEndpointSource source,
        string protectedSecret, string secretHint, Guid? createdById, DateTimeOffset now)
        : base(orgId, now)
    {
        Update(name, url, events, enabled, now);
        Source = source;
        CreatedById = createdById;
        ProtectedSecret = protectedSecret;
        SecretHint = secretHint;
    }

    public void Update(string name, string url, IEnumerable<string> events, bool enabled, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("A webhook needs a name.");
        if (string.IsNullOrWhiteSpace(url)) throw new DomainException("A webhook needs a URL.");
        var types = events.Distinct(StringComparer.Ordinal).ToList();
        if (types.Count == 0) throw new DomainException("Choose at least one event.");
        var unknown = types.FirstOrDefault(t => !WebhookEventTypes.IsSubscribable(t));
        if (unknown is not null) throw new DomainException($"'{unknown}' is not an event type.");

        Name = name.Trim();
        Url = url.Trim();
        Events = [.. WebhookEventTypes.All.Where(types.Contains)];
        SetEnabled(enabled, now);
        Touch(now);
    }

    public bool IsSubscribedTo(string type) => Enabled && Events.Contains(type, StringComparer.Ordinal);

    public void SetEnabled(bool enabled, DateTimeOffset now)
    {
        if (enabled && !Enabled)
        {
            // Switching it back on is a fresh start: the failure clock begins again.
            FailingSince = null;
            DisabledAt = null;
            DisabledReason = null;
        }
        else if (!enabled && Enabled)
        {
            DisabledAt = now;
            DisabledReason = "Disabled by an admin.";
        }
        Enabled = enabled;
        Touch(now);
    }

    /// <summary>
    /// Switched off by the platform (410 Gone, or failing for <see cref="FailureDisableAfter"/>); the
    /// organization's admins are told through <see cref="WebhookEndpointDisabled"/>.
    /// </summary>
    public void DisableAutomatically(string reason, DateTimeOffset now)
    {
        if (!Enabled) return;
        Enabled = false;
        DisabledAt = now;
        DisabledReason = reason;
        Touch(now);
        Raise(new WebhookEndpointDisabled { OrgId = OrgId, OccurredAt = now, EndpointId = Id, Name = Name, Url = Url, Reason = reason });
    }

    /// <summary>Replaces the secret; the old one keeps signing (alongside) for <see cref="RotationOverlap"/>.</summary>
    /// <remarks>
    /// <c>keepPrevious</c> is false when the current secret can no longer be read: nothing could
    /// sign with it during the overlap.
    /// </remarks>
    public void RotateSecret(string protectedSecret, string secretHint, DateTimeOffset now, bool keepPrevious = true)
    {
        PreviousProtectedSecret = keepPrevious ? ProtectedSecret : null;
        PreviousSecretExpiresAt = keepPrevious ? now + RotationOverlap : null;
        ProtectedSecret = protectedSecret;
        SecretHint = secretHint;
        Touch(now);
    }

    /// <summary>The previous secret while it still signs, else null.</summary>
    public string? ActivePreviousSecret(DateTimeOffset now) =>
        PreviousProtectedSecret is not null && PreviousSecretExpiresAt > now ? PreviousProtectedSecret : null;
}

/// <summary>The platform switched an endpoint off; admins should hear about it.</summary>
public sealed record WebhookEndpointDisabled : DomainEvent
{
    public override string Type => "webhook.endpoint.disabled";
    public Guid EndpointId { get; init; }
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Reason { get; init; } = "";
}

using System.Text.Json;
using VoiceTraining.Application.Identity;
using VoiceTraining.Infrastructure.Webhooks.Inbound;

namespace VoiceTraining.Infrastructure.Identity.Clerk;

/// <summary>
/// Reads Clerk's webhook envelope <c>{"type", "object": "event", "timestamp" (ms), "data": {…}}</c>
/// into the application's <see cref="IdentityEvent"/>. The event id is the Svix message id (the
/// svix-id header): the same on every redelivery of one event.
/// </summary>
public static class ClerkEventParser
{
    public sealed record Result(IdentityEvent? Event, string? Error);

    public static Result Parse(string svixId, ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException) { return new(null, "The body is not JSON."); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new(null, "The body is not a JSON object.");
            var type = Str(root, "type");
            if (string.IsNullOrEmpty(type)) return new(null, "The event has no type.");
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return new(null, "The event has no data object.");
            var occurredAt = root.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : DateTimeOffset.UnixEpoch;
            var e = new IdentityEvent(svixId, type, occurredAt);
            try
            {
                e = type switch
                {
                    _ when type.StartsWith("user.", StringComparison.Ordinal) => e with { User = User(data) },
                    _ when type.StartsWith("organizationMembership.", StringComparison.Ordinal) => e with { Membership = Membership(data) },
                    _ when type.StartsWith("organization.", StringComparison.Ordinal) => e with { Organization = Organization(data) },
                    _ => e,
                };
            }
            catch (UnreadablePayloadException ex)
            {
                return new(null, $"The {type} event's data could not be read: {ex.Message}");
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
            {
                // A field of an unexpected type or format: the library's message names .NET types, so it is not repeated.
                return new(null, $"The {type} event's data could not be read: a field has an unexpected type or format.");
            }
            return new(e, null);
        }
    }

    /// <summary>A user object (user.created/updated) or the stub of a deleted one ({id, deleted: true}).</summary>
    private static IdentityUser User(JsonElement data)
    {
        var id = Str(data, "id") ?? throw new UnreadablePayloadException("the user has no id");
        var metadata = data.TryGetProperty("public_metadata", out var pm) && pm.ValueKind == JsonValueKind.Object ? pm : default;
        return new IdentityUser(id)
        {
            Email = PrimaryEmail(data),
            Name = JoinName(Str(data, "first_name"), Str(data, "last_name")) ?? Str(data, "username"),
            OrganizationId = metadata.ValueKind == JsonValueKind.Object ? NonEmpty(Str(metadata, "org_id")) : null,
            Role = metadata.ValueKind == JsonValueKind.Object ? NonEmpty(Str(metadata, "role")) : null,
        };
    }

    /// <summary>The address whose id is primary_email_address_id, else the first one.</summary>
    private static string? PrimaryEmail(JsonElement user)
    {
        if (!user.TryGetProperty("email_addresses", out var addresses) || addresses.ValueKind != JsonValueKind.Array) return null;
        var primaryId = Str(user, "primary_email_address_id");
        string? first = null;
        foreach (var address in addresses.EnumerateArray())
        {
            var email = Str(address, "email_address");
            if (email is null) continue;
            first ??= email;
            if (primaryId is not null && Str(address, "id") == primaryId) return email;
        }
        return first;
    }

    private static IdentityOrganization Organization(JsonElement data) =>
        new(Str(data, "id") ?? throw new UnreadablePayloadException("the organization has no id"), Str(data, "name") ?? "");

    /// <summary>An organization_membership: {role, organization: {id, name}, public_user_data: {user_id, identifier, first_name, last_name}}.</summary>
    private static IdentityMembership Membership(JsonElement data)
    {
        var org = data.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.Object ? o : throw new UnreadablePayloadException("the membership has no organization");
        var user = data.TryGetProperty("public_user_data", out var u) && u.ValueKind == JsonValueKind.Object ? u : throw new UnreadablePayloadException("the membership has no public_user_data");
        return new IdentityMembership(
            Str(org, "id") ?? throw new UnreadablePayloadException("the membership's organization has no id"),
            Str(user, "user_id") ?? throw new UnreadablePayloadException("the membership's user has no user_id"))
        {
            OrganizationName = Str(org, "name"),
            Role = Str(data, "role"),
            Email = NonEmpty(Str(user, "identifier")) is { } identifier && identifier.Contains('@') ? identifier : null,
            Name = JoinName(Str(user, "first_name"), Str(user, "last_name")),
        };
    }

    private static string? JoinName(string? first, string? last)
    {
        var name = $"{first} {last}".Trim();
        return name.Length == 0 ? null : name;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

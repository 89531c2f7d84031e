using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>
/// Domain and Application speak the product's language: which company takes the payments, signs
/// people in, runs the calls or sends the email is Infrastructure's business, where the adapters
/// carry the providers' names. A JSON wire name kept for the API's clients with [JsonPropertyName]
/// is an attribute argument, not a name, so it passes.
/// </summary>
public partial class ProviderNameTests
{
    // Case-insensitive, so camelCase parameters (stripeInvoiceId) are caught as well.
    private const string ProviderNamePattern = "(?i)Stripe|Clerk|Vapi|Supabase|Mailgun|Resend|ElevenLabs|OpenAi|Whisper|Google";

    [GeneratedRegex(ProviderNamePattern)]
    private static partial Regex ProviderName();

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.Name.Contains('<', StringComparison.Ordinal) || member.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    /// <summary>Public, internal and protected: what other code can call by that name.</summary>
    private static bool IsVisibleOutsideItsType(MemberInfo member) => member switch
    {
        MethodBase m => !m.IsPrivate,
        FieldInfo f => !f.IsPrivate,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => !a.IsPrivate),
        EventInfo e => e.AddMethod is { IsPrivate: false },
        Type t => !t.IsNestedPrivate,
        _ => false,
    };

    /// <summary>"Type", "Type.Member" and "Type.Method(parameter)" for every name of these types that carries a provider's name.</summary>
    internal static IReadOnlyList<string> ProviderNamesIn(IEnumerable<Type> types)
    {
        var found = new List<string>();
        foreach (var type in types.Where(t => !IsCompilerGenerated(t)))
        {
            if (ProviderName().IsMatch(type.Name)) found.Add(type.FullName!);
            // Property and event accessors (get_X, add_X) are checked through their property or event.
            var members = type.GetMembers(Declared)
                .Where(m => m is not Type && !IsCompilerGenerated(m) && IsVisibleOutsideItsType(m) && m is not MethodBase { IsSpecialName: true, IsConstructor: false });
            foreach (var member in members)
            {
                if (ProviderName().IsMatch(member.Name)) found.Add($"{type.FullName}.{member.Name}");
                if (member is MethodBase method)
                    found.AddRange(method.GetParameters().Where(p => p.Name is { } name && ProviderName().IsMatch(name))
                        .Select(p => $"{type.FullName}.{method.Name}({p.Name})"));
            }
        }
        return found;
    }

    [Fact]
    public void Domain_type_names_carry_no_provider_name() =>
        Types.InAssembly(Layers.Domain).ShouldNot().HaveNameMatching(ProviderNamePattern).GetResult()
            .ShouldPass("the domain names things as the product does");

    [Fact]
    public void Application_type_names_carry_no_provider_name() =>
        Types.InAssembly(Layers.Application).ShouldNot().HaveNameMatching(ProviderNamePattern).GetResult()
            .ShouldPass("use cases and ports name things as the product does; the adapters carry the providers' names");

    [Fact]
    public void Domain_and_application_member_and_parameter_names_carry_no_provider_name() =>
        ProviderNamesIn([.. Layers.Domain.GetTypes(), .. Layers.Application.GetTypes()]).Should()
            .BeEmpty("a provider's name belongs to its adapter in Infrastructure (a comment may still say \"the payment provider (Stripe)\")");

    [Fact]
    public void The_scan_finds_provider_names_in_type_member_and_parameter_names_but_not_in_wire_names() =>
        ProviderNamesIn([typeof(VapiProbe), typeof(ProbeWithProviderMembers)]).Should().BeEquivalentTo(
        [
            typeof(VapiProbe).FullName!,
            $"{typeof(ProbeWithProviderMembers).FullName}.StripeCustomerId",
            $"{typeof(ProbeWithProviderMembers).FullName}.AttachClerkUser",
            $"{typeof(ProbeWithProviderMembers).FullName}.AttachClerkUser(clerkUserId)",
            $"{typeof(ProbeWithProviderMembers).FullName}.Link(mailgunRoute)",
            $"{typeof(ProbeWithProviderMembers).FullName}.OpenAiModel",
            $"{typeof(ProbeWithProviderMembers).FullName}..ctor(supabaseId)",
        ]);

    private sealed class VapiProbe;

#pragma warning disable CA1822, CA1051, CS0649, IDE0060, IDE0051, IDE0052 // a probe: only its names matter
    private sealed class ProbeWithProviderMembers(string supabaseId)
    {
        public string? StripeCustomerId { get; init; }
        internal readonly string OpenAiModel = "";
        [JsonPropertyName("stripeConfigured")] public bool PaymentsConfigured { get; init; }
        private readonly string _googleKey = supabaseId;
        public void AttachClerkUser(string clerkUserId) { }
        internal void Link(string mailgunRoute) { }
        private void Whisper() { }
    }
#pragma warning restore CA1822, CA1051, CS0649, IDE0060, IDE0051, IDE0052
}

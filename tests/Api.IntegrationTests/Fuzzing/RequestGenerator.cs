using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>
/// Builds request number <c>index</c> of a seeded run: the operations in turn (each as the admin and
/// without a token), a plausible request for it, then one mutation. The same seed and index always
/// give the same request, so a failure can be replayed.
/// </summary>
public sealed class RequestGenerator(IReadOnlyList<FuzzOperation> operations, SeededIds ids, int seed)
{
    private readonly SchemaSamples _samples = new(ids);

    public int Seed => seed;

    /// <summary>Noon today: dates and timestamps in requests move only with the day, so a seed replays the same requests all day.</summary>
    public static DateTimeOffset Now { get; } = new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    public FuzzRequest Generate(int index)
    {
        var operation = operations[index % operations.Count];
        var anonymous = index / operations.Count % 2 == 1;
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var draft = Plausible(operation, random);
        var context = new MutationContext(operation, draft, random, _samples);
        if (operation.IsProviderWebhook) ProviderWebhooks.WrongSignature(context);
        var mutation = Mutations.Pick(operation, draft, random);
        mutation.Apply(context);
        return draft.Build(index, operation, mutation.Name, anonymous);
    }

    private RequestDraft Plausible(FuzzOperation operation, Random random)
    {
        var path = operation.Template;
        foreach (var parameter in operation.PathParameters)
        {
            var value = SchemaSamples.Effective(parameter.Schema ?? new Microsoft.OpenApi.OpenApiSchema()).Format == "uuid"
                ? ids.ForPath(operation.Template, parameter.Name, random).ToString()
                : Uri.EscapeDataString(_samples.ValidText(parameter.Schema, random, parameter.Name));
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }
        var draft = new RequestDraft { Method = operation.Method, Path = path };
        foreach (var parameter in operation.QueryParameters)
        {
            if (!parameter.Required && random.Next(2) == 0) continue;
            draft.Query.Add(new(parameter.Name, Uri.EscapeDataString(_samples.ValidText(parameter.Schema, random, parameter.Name))));
        }
        if (operation.BodySchema is not null)
        {
            draft.Json = _samples.Valid(operation.BodySchema, random);
            draft.ContentType = "application/json";
        }
        else if (operation.IsProviderWebhook)
        {
            ProviderWebhooks.PlausibleBody(draft, random);
        }
        return draft;
    }
}

/// <summary>What a mutation works on.</summary>
public sealed record MutationContext(FuzzOperation Operation, RequestDraft Draft, Random Random, SchemaSamples Samples)
{
    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];
}

/// <summary>A named change to a plausible request; <see cref="AppliesTo"/> says for which operations it makes sense.</summary>
public sealed record Mutation(string Name, int Weight, Func<FuzzOperation, RequestDraft, bool> AppliesTo, Action<MutationContext> Apply);

/// <summary>Provider webhooks carry no schema in the document: their bodies and (wrong) signatures are made here.</summary>
public static class ProviderWebhooks
{
    public static void PlausibleBody(RequestDraft draft, Random random)
    {
        if (random.Next(3) == 0)
        {
            draft.RawBody = Encoding.UTF8.GetBytes(
                $"recipient=reply%2B{RandomGuid(random):N}%40mail.example.test&sender=fuzz%40example.test&stripped-text=Hello&timestamp={RequestGenerator.Now.ToUnixTimeSeconds()}&token={RandomGuid(random):N}&signature={new string('a', 64)}");
            draft.ContentType = "application/x-www-form-urlencoded";
            return;
        }
        draft.Json = new JsonObject
        {
            ["id"] = "evt_" + RandomGuid(random).ToString("N"),
            ["type"] = random.Next(2) == 0 ? "checkout.session.completed" : "user.created",
            ["created"] = RequestGenerator.Now.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = new JsonObject { ["id"] = "obj_1", ["metadata"] = new JsonObject() } },
            ["message"] = new JsonObject
            {
                ["type"] = "end-of-call-report",
                ["call"] = new JsonObject { ["id"] = "call_" + RandomGuid(random).ToString("N"), ["metadata"] = new JsonObject { ["attemptId"] = RandomGuid(random).ToString() } },
            },
        };
        draft.ContentType = "application/json";
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Signature headers of every provider, absent, malformed or wrong: none can be authentic.</summary>
    public static void WrongSignature(MutationContext context)
    {
        var now = RequestGenerator.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = context.Draft.Headers;
        switch (context.Random.Next(8))
        {
            case 0: headers.Add(new("Stripe-Signature", $"t={now},v1={Hex(context.Random, 32)}")); break;
            case 1: headers.Add(new("Stripe-Signature", context.Pick(["", "t=,v1=", "v1=zz", "t=99999999999999999999,v1=00", new string(',', 5000)]))); break;
            case 2:
                headers.Add(new("svix-id", "msg_" + RandomGuid(context.Random).ToString("N")));
                headers.Add(new("svix-timestamp", context.Pick([now, "-1", "1e99", "abc", "0"])));
                headers.Add(new("svix-signature", context.Pick(["v1," + Convert.ToBase64String(RandomGuid(context.Random).ToByteArray()), "v1,", "v2,abc", "v1,!!!notbase64", "v1,a v1,b"])));
                break;
            case 3: headers.Add(new("X-Vapi-Secret", context.Pick(["wrong", "", new string('s', 4000), "test-webhook-secret-7f3"]))); break;
            case 4: headers.Add(new("Authorization", context.Pick(["Bearer wrong", "Bearer ", "Basic dGVzdDp0ZXN0"]))); break;
            case 5:
                headers.Add(new("x-signature", Hex(context.Random, 32)));
                headers.Add(new("x-timestamp", context.Pick([now, "abc", "-9223372036854775808", "99999999999999999999"])));
                break;
            default: break; // unsigned
        }
    }

    private static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}

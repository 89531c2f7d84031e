using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>A request Stripe received: its form fields as sent (bracket keys) and the headers that matter.</summary>
public sealed record StripeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Form, string? Authorization, string? Version, string? IdempotencyKey, string? ContentType);

/// <summary>
/// Stripe's API played by Kestrel on 127.0.0.1: it refuses requests without the bearer key, the
/// pinned Stripe-Version, an Idempotency-Key on POST or a form body, and answers in Stripe's JSON
/// shapes of that version (customers, checkout and portal sessions, subscriptions, payment intents).
/// A test can make the next call to a path fail with a Stripe error body.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_51H";
    /// <summary>The version Stripe.net 53.1.0 is built for and sends (docs/adr/0010).</summary>
    public const string ApiVersion = "2026-10-28.endive";

    private readonly WebApplication _app;
    private int _ids;
    private readonly ConcurrentDictionary<string, (int Status, string Type, string Code, string Message, string? ShouldRetry)> _failNext = new();

    public ConcurrentQueue<StripeRequest> Requests { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Subscriptions { get; } = new();
    public ConcurrentDictionary<string, JsonObject> PaymentIntents { get; } = new();
    public string BaseUrl { get; private set; } = "";

    private FakeStripe(WebApplication app) => _app = app;

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stripe = new FakeStripe(app);
        app.Run(stripe.HandleAsync);
        await app.StartAsync();
        stripe.BaseUrl = app.Urls.Single().TrimEnd('/');
        return stripe;
    }

    /// <summary>The next request to this path answers with a Stripe error.</summary>
    public void FailNext(string path, int status, string type, string code, string message, string? shouldRetry = null) =>
        _failNext[path] = (status, type, code, message, shouldRetry);

    public IReadOnlyList<StripeRequest> To(string path) => [.. Requests.Where(r => r.Path == path)];

    /// <summary>
    /// A subscription in Stripe's shape with one item per (price, quantity). Since 2025-03-31 the billing
    /// period is on each item, not on the subscription.
    /// </summary>
    public JsonObject AddSubscription(string id, string customer, Guid orgId, string status, DateTimeOffset periodStart, DateTimeOffset periodEnd, params (string Price, int Quantity)[] items)
    {
        var subscription = new JsonObject
        {
            ["id"] = id,
            ["object"] = "subscription",
            ["customer"] = customer,
            ["status"] = status,
            ["cancel_at_period_end"] = false,
            ["metadata"] = new JsonObject { ["org_id"] = orgId.ToString() },
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["has_more"] = false,
                ["data"] = new JsonArray([.. items.Select((item, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"si_{id}_{i}",
                    ["object"] = "subscription_item",
                    ["quantity"] = item.Quantity,
                    ["current_period_start"] = periodStart.ToUnixTimeSeconds(),
                    ["current_period_end"] = periodEnd.ToUnixTimeSeconds(),
                    ["price"] = new JsonObject { ["id"] = item.Price, ["object"] = "price", ["currency"] = "usd", ["unit_amount"] = 4900 },
                })]),
            },
        };
        Subscriptions[id] = subscription;
        return subscription;
    }

    private string NextId(string prefix) => $"{prefix}_{Interlocked.Increment(ref _ids):D6}";

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.ContentLength > 0 || request.Method == "POST")
        {
            using var reader = new StreamReader(request.Body);
            foreach (var (key, value) in QueryHelpers.ParseQuery(await reader.ReadToEndAsync())) form[key] = value.ToString();
        }
        var recorded = new StripeRequest(request.Method, path, form, request.Headers.Authorization, request.Headers["Stripe-Version"],
            request.Headers["Idempotency-Key"], request.ContentType);
        Requests.Enqueue(recorded);

        if (recorded.Authorization != $"Bearer {SecretKey}") { await Error(context, 401, "invalid_request_error", "api_key_invalid", "Invalid API Key provided."); return; }
        if (recorded.Version != ApiVersion) { await Error(context, 400, "invalid_request_error", "version", "Stripe-Version must be pinned."); return; }
        if (request.Method == "POST" && string.IsNullOrEmpty(recorded.IdempotencyKey)) { await Error(context, 400, "invalid_request_error", "idempotency", "Idempotency-Key required by this test server."); return; }
        if (request.Method == "POST" && recorded.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
        { await Error(context, 400, "invalid_request_error", "content_type", "Stripe takes form-encoded bodies."); return; }
        if (_failNext.TryRemove(path, out var failure))
        {
            if (failure.ShouldRetry is not null) context.Response.Headers["Stripe-Should-Retry"] = failure.ShouldRetry;
            await Error(context, failure.Status, failure.Type, failure.Code, failure.Message);
            return;
        }

        JsonObject? answer = (request.Method, path) switch
        {
            ("POST", "/v1/customers") => new JsonObject { ["id"] = NextId("cus"), ["object"] = "customer", ["email"] = form.GetValueOrDefault("email"), ["name"] = form.GetValueOrDefault("name") },
            ("POST", "/v1/checkout/sessions") => Checkout(form),
            ("POST", "/v1/billing_portal/sessions") => new JsonObject { ["id"] = NextId("bps"), ["object"] = "billing_portal.session", ["url"] = "https://billing.stripe.com/p/session/test", ["customer"] = form["customer"] },
            ("POST", "/v1/payment_intents") => PaymentIntent(form),
            _ => null,
        };
        answer ??= Dynamic(request.Method, path, form);
        if (answer is null) { await Error(context, 404, "invalid_request_error", "resource_missing", $"No such resource: {path}"); return; }
        if (answer["error"] is JsonObject refused) { await Error(context, 400, (string)refused["type"]!, (string)refused["code"]!, (string)refused["message"]!); return; }
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = NextId("req");
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private JsonObject Checkout(Dictionary<string, string> form)
    {
        var id = NextId("cs_test");
        return new JsonObject
        {
            ["id"] = id, ["object"] = "checkout.session", ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
            ["customer"] = form["customer"], ["mode"] = form["mode"], ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["status"] = "open", ["payment_status"] = "unpaid",
            ["metadata"] = new JsonObject { ["org_id"] = form.GetValueOrDefault("metadata[org_id]") },
        };
    }

    private JsonObject PaymentIntent(Dictionary<string, string> form)
    {
        var id = NextId("pi");
        var intent = new JsonObject
        {
            ["id"] = id, ["object"] = "payment_intent", ["amount"] = long.Parse(form["amount"]), ["currency"] = form["currency"],
            ["status"] = "requires_payment_method", ["customer"] = form.GetValueOrDefault("customer"), ["capture_method"] = form["capture_method"],
            ["client_secret"] = $"{id}_secret_test",
            ["metadata"] = new JsonObject { ["org_id"] = form.GetValueOrDefault("metadata[org_id]"), ["order_id"] = form.GetValueOrDefault("metadata[order_id]") },
        };
        PaymentIntents[id] = intent;
        return intent;
    }

    private JsonObject? Dynamic(string method, string path, Dictionary<string, string> form)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["v1", "subscriptions", var subId] && Subscriptions.TryGetValue(subId, out var subscription))
        {
            if (method == "POST")
            {
                // Stripe's values only; the tests read which one the adapter sent from Requests.
                if (form.TryGetValue("proration_behavior", out var proration) && proration is not ("create_prorations" or "always_invoice" or "none"))
                    return StripeError("proration_behavior");
                if (form.TryGetValue("payment_behavior", out var payment) && payment is not ("allow_incomplete" or "error_if_incomplete" or "pending_if_incomplete" or "default_incomplete"))
                    return StripeError("payment_behavior");
                var items = subscription["items"]!["data"]!.AsArray();
                for (var i = 0; form.ContainsKey($"items[{i}][id]") || form.ContainsKey($"items[{i}][price]"); i++)
                {
                    // An entry without an id is a new line (a price and a quantity), as in Stripe's API.
                    var item = form.TryGetValue($"items[{i}][id]", out var itemId)
                        ? items.Single(x => (string?)x!["id"] == itemId)!
                        : NewItem(items, subscription);
                    // items[i][deleted]=true takes the line off (Stripe's way to remove a subscription item).
                    if (form.TryGetValue($"items[{i}][deleted]", out var deleted))
                    {
                        if (deleted is not ("true" or "false")) return StripeError($"items[{i}][deleted]");
                        if (deleted == "true")
                        {
                            items.Remove(item);
                            continue;
                        }
                    }
                    if (form.TryGetValue($"items[{i}][price]", out var price)) item["price"]!["id"] = price;
                    item["quantity"] = form.TryGetValue($"items[{i}][quantity]", out var quantity) ? int.Parse(quantity) : item["quantity"]?.GetValue<int>() ?? 1;
                }
            }
            return JsonNode.Parse(subscription.ToJsonString())!.AsObject();
        }
        if (segments is ["v1", "payment_intents", var piId, var action] && method == "POST" && PaymentIntents.TryGetValue(piId, out var intent))
        {
            intent["status"] = action == "capture" ? "succeeded" : "canceled";
            return JsonNode.Parse(intent.ToJsonString())!.AsObject();
        }
        return null;
    }

    /// <summary>A new subscription item, in the period of the subscription's first.</summary>
    private JsonObject NewItem(JsonArray items, JsonObject subscription)
    {
        var first = items.FirstOrDefault()?.AsObject();
        var item = new JsonObject
        {
            ["id"] = NextId("si"), ["object"] = "subscription_item", ["quantity"] = 1,
            ["current_period_start"] = first?["current_period_start"]?.DeepClone(), ["current_period_end"] = first?["current_period_end"]?.DeepClone(),
            ["price"] = new JsonObject { ["id"] = "", ["object"] = "price", ["currency"] = "usd", ["unit_amount"] = 1900 },
            ["subscription"] = (string?)subscription["id"],
        };
        items.Add(item);
        return item;
    }

    /// <summary>Stands for Stripe's 400 on a parameter value it does not take (the answer is marked for HandleAsync by its "error" member).</summary>
    private static JsonObject StripeError(string param) =>
        new() { ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["code"] = "parameter_invalid", ["param"] = param, ["message"] = $"Invalid {param}." } };

    private static Task Error(HttpContext context, int status, string type, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { type, code, message, param = (string?)null } }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

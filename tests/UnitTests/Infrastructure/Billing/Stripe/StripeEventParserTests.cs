using System.Text;
using System.Text.Json;
using VoiceTraining.Infrastructure.Billing.Stripe;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.Stripe;

public class StripeEventParserTests
{
    private const string SubscriptionUpdated = """
        {
          "id": "evt_1Q2w3E4r5T6y7U8i",
          "object": "event",
          "api_version": "2024-06-20",
          "created": 1767225600,
          "livemode": false,
          "pending_webhooks": 1,
          "request": {"id": "req_abc", "idempotency_key": "9f6b…"},
          "type": "customer.subscription.updated",
          "data": {
            "object": {
              "id": "sub_123", "object": "subscription", "customer": "cus_123", "status": "past_due",
              "current_period_end": 1769904000, "cancel_at_period_end": true,
              "metadata": {"org_id": "0191f3a2-7b1c-7d2e-9f00-123456789abc"},
              "items": {"object": "list", "has_more": false, "data": [
                {"id": "si_1", "object": "subscription_item", "quantity": 5, "price": {"id": "price_pro", "object": "price", "unit_amount": 19900, "currency": "usd"}}
              ]}
            },
            "previous_attributes": {"status": "active", "cancel_at_period_end": false}
          }
        }
        """;

    private static StripeEventParser.Result Parse(string json) => StripeEventParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void The_envelope_is_read_and_the_object_kept_as_json()
    {
        var result = Parse(SubscriptionUpdated);

        result.Error.Should().BeNull();
        var e = result.Event!;
        e.Id.Should().Be("evt_1Q2w3E4r5T6y7U8i");
        e.Type.Should().Be("customer.subscription.updated");
        e.Created.Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        e.Livemode.Should().BeFalse();
        e.ApiVersion.Should().Be("2024-06-20");
        e.ObjectType.Should().Be("subscription");
        e.ObjectId.Should().Be("sub_123");
        e.Object.GetProperty("status").GetString().Should().Be("past_due");
        e.PreviousAttributes!.Value.GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public void The_object_can_be_read_as_a_stripe_record()
    {
        var subscription = Parse(SubscriptionUpdated).Event!.ObjectAs<StripeSubscription>()!;

        subscription.Id.Should().Be("sub_123");
        subscription.Status.Should().Be("past_due");
        subscription.CancelAtPeriodEnd.Should().BeTrue();
        subscription.CurrentPeriodEnd.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1769904000));
        subscription.Items.Data.Single().Quantity.Should().Be(5);
        subscription.Metadata!["org_id"].Should().Be("0191f3a2-7b1c-7d2e-9f00-123456789abc");
    }

    [Fact]
    public void The_elements_outlive_the_parsed_document()
    {
        var e = Parse(SubscriptionUpdated).Event!;
        GC.Collect();
        JsonSerializer.Serialize(e.Object).Should().Contain("sub_123");
    }

    [Fact]
    public void A_live_event_without_previous_attributes()
    {
        var e = Parse("""{"id":"evt_2","object":"event","type":"checkout.session.completed","created":1,"livemode":true,"data":{"object":{"id":"cs_1","object":"checkout.session","subscription":"sub_9"}}}""").Event!;

        e.Livemode.Should().BeTrue();
        e.PreviousAttributes.Should().BeNull();
        e.ApiVersion.Should().BeNull();
        e.ObjectAs<StripeCheckoutSession>()!.Subscription.Should().Be("sub_9");
    }

    [Fact]
    public void Newer_api_versions_put_the_period_end_on_the_items()
    {
        var e = Parse("""
            {"id":"evt_3","object":"event","type":"customer.subscription.created","created":1,"livemode":false,
             "data":{"object":{"id":"sub_1","object":"subscription","status":"active","cancel_at_period_end":false,
               "items":{"object":"list","has_more":false,"data":[
                 {"id":"si_1","price":{"id":"price_a"},"quantity":1,"current_period_end":1769904000},
                 {"id":"si_2","price":{"id":"price_b"},"quantity":1,"current_period_end":1767225600}]}}}}
            """).Event!;

        e.ObjectAs<StripeSubscription>()!.PeriodEnd.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1769904000));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"id":"cus_1","object":"customer"}""", "\"customer\", not an event")]
    [InlineData("""{"object":"event","type":"x","created":1,"data":{"object":{}}}""", "no id")]
    [InlineData("""{"id":"evt_1","object":"event","created":1,"data":{"object":{}}}""", "no type")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","data":{"object":{}}}""", "no created")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":"yesterday","data":{"object":{}}}""", "no created")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":1e300,"data":{"object":{}}}""", "no created")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":1}""", "no data.object")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x","created":1,"data":{"object":"sub_1"}}""", "no data.object")]
    public void Bodies_that_are_not_events_give_an_error(string body, string error)
    {
        var result = Parse(body);

        result.Event.Should().BeNull();
        result.Error.Should().Contain(error);
    }
}

using VoiceTraining.Infrastructure.Billing.Stripe;

namespace VoiceTraining.UnitTests.Infrastructure.Billing.Stripe;

public class StripeFormEncoderTests
{
    private static string Encode(Dictionary<string, object?> parameters) => StripeFormEncoder.Encode(parameters);

    [Fact]
    public void Nothing_encodes_to_an_empty_body()
    {
        Encode([]).Should().BeEmpty();
    }

    [Fact]
    public void Flat_values_are_key_value_pairs_in_ordinal_key_order()
    {
        Encode(new() { ["name"] = "Acme", ["email"] = "a@b.test", ["amount"] = 4900 })
            .Should().Be("amount=4900&email=a%40b.test&name=Acme");
    }

    [Fact]
    public void The_order_does_not_depend_on_insertion_order()
    {
        var a = Encode(new() { ["b"] = 1, ["a"] = 2, ["metadata"] = new Dictionary<string, string> { ["z"] = "1", ["y"] = "2" } });
        var b = Encode(new() { ["metadata"] = new Dictionary<string, string> { ["y"] = "2", ["z"] = "1" }, ["a"] = 2, ["b"] = 1 });

        a.Should().Be(b).And.Be("a=2&b=1&metadata[y]=2&metadata[z]=1");
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public void Booleans_are_lower_case(bool value, string expected)
    {
        Encode(new() { ["cancel_at_period_end"] = value }).Should().Be($"cancel_at_period_end={expected}");
    }

    [Fact]
    public void Nested_objects_use_brackets()
    {
        Encode(new() { ["metadata"] = new Dictionary<string, string> { ["org_id"] = "42" } }).Should().Be("metadata[org_id]=42");
    }

    [Fact]
    public void Deeper_objects_nest_their_brackets()
    {
        Encode(new()
        {
            ["subscription_data"] = new Dictionary<string, object?>
            {
                ["metadata"] = new Dictionary<string, string> { ["org_id"] = "42" },
                ["trial_period_days"] = 14,
            },
        }).Should().Be("subscription_data[metadata][org_id]=42&subscription_data[trial_period_days]=14");
    }

    [Fact]
    public void Arrays_of_objects_are_indexed()
    {
        Encode(new()
        {
            ["line_items"] = new[]
            {
                new Dictionary<string, object?> { ["price"] = "price_1", ["quantity"] = 2 },
                new Dictionary<string, object?> { ["price"] = "price_2", ["quantity"] = 1 },
            },
        }).Should().Be("line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2&line_items[1][quantity]=1");
    }

    [Fact]
    public void Arrays_of_plain_values_use_empty_brackets_in_their_order()
    {
        Encode(new() { ["expand"] = new[] { "latest_invoice.payment_intent", "customer" } })
            .Should().Be("expand[]=latest_invoice.payment_intent&expand[]=customer");
        Encode(new() { ["payment_method_types"] = new List<string> { "card" } }).Should().Be("payment_method_types[]=card");
    }

    [Fact]
    public void Arrays_inside_array_items_keep_their_index()
    {
        Encode(new()
        {
            ["items"] = new object[]
            {
                new Dictionary<string, object?> { ["price"] = "price_1", ["tax_rates"] = new[] { "txr_1", "txr_2" } },
            },
        }).Should().Be("items[0][price]=price_1&items[0][tax_rates][]=txr_1&items[0][tax_rates][]=txr_2");
    }

    [Fact]
    public void Arrays_of_arrays_index_the_outer_one()
    {
        Encode(new() { ["a"] = new[] { new[] { 1, 2 }, new[] { 3 } } }).Should().Be("a[0][]=1&a[0][]=2&a[1][]=3");
    }

    [Fact]
    public void Null_values_and_empty_objects_or_arrays_are_left_out()
    {
        Encode(new()
        {
            ["customer"] = null,
            ["metadata"] = new Dictionary<string, string>(),
            ["expand"] = Array.Empty<string>(),
            ["items"] = new[] { new Dictionary<string, object?> { ["id"] = "si_1", ["price"] = null } },
            ["mode"] = "subscription",
        }).Should().Be("items[0][id]=si_1&mode=subscription");
    }

    [Fact]
    public void An_empty_string_is_sent_so_stripe_clears_the_field()
    {
        Encode(new() { ["description"] = "" }).Should().Be("description=");
        Encode(new() { ["metadata"] = new Dictionary<string, string> { ["org_id"] = "" } }).Should().Be("metadata[org_id]=");
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("a&b=c", "a%26b%3Dc")]
    [InlineData("50%", "50%25")]
    [InlineData("[x]", "%5Bx%5D")]
    [InlineData("José Müller", "Jos%C3%A9%20M%C3%BCller")]
    [InlineData("🙂", "%F0%9F%99%82")]
    [InlineData("line1\nline2", "line1%0Aline2")]
    [InlineData("a-b_c.d~e", "a-b_c.d~e")]
    [InlineData("https://app.example.com/billing?success=true", "https%3A%2F%2Fapp.example.com%2Fbilling%3Fsuccess%3Dtrue")]
    public void Values_are_percent_encoded(string value, string expected)
    {
        Encode(new() { ["v"] = value }).Should().Be($"v={expected}");
    }

    [Fact]
    public void Keys_are_percent_encoded_but_the_structural_brackets_are_not()
    {
        Encode(new() { ["metadata"] = new Dictionary<string, string> { ["team name"] = "x", ["a[b]"] = "y", ["ü"] = "z" } })
            .Should().Be("metadata[a%5Bb%5D]=y&metadata[team%20name]=x&metadata[%C3%BC]=z");
    }

    [Fact]
    public void Numbers_times_and_ids_are_invariant()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2));
        Encode(new()
        {
            ["a_long"] = 9_007_199_254_740_993L,
            ["b_negative"] = -5,
            ["c_decimal"] = 12.50m,
            ["d_double"] = 0.1,
            ["e_small"] = 0.00001,
            ["f_time"] = at,
            ["g_utc_datetime"] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ["h_guid"] = Guid.Parse("0191f3a2-7b1c-7d2e-9f00-123456789abc"),
        }).Should().Be("a_long=9007199254740993&b_negative=-5&c_decimal=12.50&d_double=0.1&e_small=0.00001"
            + "&f_time=1767218400&g_utc_datetime=1767225600&h_guid=0191f3a2-7b1c-7d2e-9f00-123456789abc");
    }

    [Fact]
    public void Other_dictionary_shapes_are_objects_too()
    {
        IReadOnlyDictionary<string, string> readOnly = new Dictionary<string, string> { ["k"] = "v" };
        var pairs = new List<KeyValuePair<string, object?>> { new("b", 1), new("a", true) };

        Encode(new() { ["m"] = readOnly }).Should().Be("m[k]=v");
        StripeFormEncoder.Encode(pairs).Should().Be("a=true&b=1");
        Encode(new() { ["o"] = pairs }).Should().Be("o[a]=true&o[b]=1");
    }

    [Fact]
    public void Values_stripe_cannot_take_are_refused_with_the_key_named()
    {
        FluentActions.Invoking(() => Encode(new() { ["interval"] = DayOfWeek.Monday })).Should().Throw<ArgumentException>().WithMessage("interval*");
        FluentActions.Invoking(() => Encode(new() { ["amount"] = double.NaN })).Should().Throw<ArgumentException>().WithMessage("amount*finite*");
        FluentActions.Invoking(() => Encode(new() { ["expand"] = new[] { "a", null } })).Should().Throw<ArgumentException>().WithMessage("*expand*null*");
        FluentActions.Invoking(() => Encode(new() { ["metadata"] = new Dictionary<string, string> { [""] = "x" } })).Should().Throw<ArgumentException>().WithMessage("*empty key*");
        FluentActions.Invoking(() => StripeFormEncoder.Encode([new("a", 1), new("a", 2)])).Should().Throw<ArgumentException>().WithMessage("*\"a\" twice*");
    }

    [Fact]
    public void Decoding_reverses_encoding()
    {
        var encoded = Encode(new()
        {
            ["line_items"] = new[] { new Dictionary<string, object?> { ["price"] = "price_1", ["quantity"] = 2 } },
            ["metadata"] = new Dictionary<string, string> { ["note"] = "a&b = c" },
            ["expand"] = new[] { "customer" },
        });

        StripeFormEncoder.Decode(encoded).Select(p => (p.Key, p.Value)).Should().Equal(
            ("expand[]", "customer"),
            ("line_items[0][price]", "price_1"),
            ("line_items[0][quantity]", "2"),
            ("metadata[note]", "a&b = c"));
        StripeFormEncoder.Decode("").Should().BeEmpty();
    }
}

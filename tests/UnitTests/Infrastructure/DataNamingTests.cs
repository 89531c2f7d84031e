using Microsoft.EntityFrameworkCore;
using Npgsql;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Infrastructure.Data;

namespace VoiceTraining.UnitTests.Infrastructure;

public class DataNamingTests
{
    [Theory]
    [InlineData("OrgId", "org_id")]
    [InlineData("ScenarioAttempts", "scenario_attempts")]
    [InlineData("PK_Members", "pk_members")]
    [InlineData("IX_Members_OrgId_ExternalUserId", "ix_members_org_id_external_user_id")]
    [InlineData("AiPrompt", "ai_prompt")]
    [InlineData("already_snake", "already_snake")]
    public void Names_become_snake_case(string name, string expected)
    {
        SnakeCaseNames.ToSnakeCase(name).Should().Be(expected);
    }

    [Theory]
    [InlineData(typeof(Organization), nameof(Organization.BillingCustomerId), "stripe_customer_id")]
    [InlineData(typeof(Organization), nameof(Organization.BillingSubscriptionId), "stripe_subscription_id")]
    [InlineData(typeof(Invoice), nameof(Invoice.ProviderInvoiceId), "stripe_invoice_id")]
    [InlineData(typeof(PaymentOrder), nameof(PaymentOrder.ProviderPaymentId), "stripe_payment_intent_id")]
    public void A_property_renamed_in_the_domain_keeps_its_column(Type entity, string property, string column)
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        db.Model.FindEntityType(entity)!.FindProperty(property)!.GetColumnName().Should().Be(column);
    }

    [Fact]
    public void The_model_has_no_change_its_migrations_lack()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().Should().BeFalse("a change to the model comes with its migration (make migration NAME=...)");
    }

    [Fact]
    public void A_database_url_becomes_a_connection_string()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(
            "postgresql://app%40user:p%3Ass@db.example.com:6543/voice?sslmode=require"));
        cs.Host.Should().Be("db.example.com");
        cs.Port.Should().Be(6543);
        cs.Database.Should().Be("voice");
        cs.Username.Should().Be("app@user");
        cs.Password.Should().Be("p:ss");
        cs.SslMode.Should().Be(SslMode.Require);
    }

    [Fact]
    public void A_url_without_port_or_password_uses_the_defaults()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgres://postgres@127.0.0.1/voicetraining"));
        cs.Port.Should().Be(5432);
        cs.Password.Should().BeNull();
    }

    [Fact]
    public void A_keyword_connection_string_passes_through()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("Host=localhost;Port=5433;Database=x;Username=u"));
        cs.Port.Should().Be(5433);
        cs.Database.Should().Be("x");
    }
}

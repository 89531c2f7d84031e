using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.Property(e => e.Name).HasMaxLength(Limits.Name);
        builder.Property(e => e.Url).HasMaxLength(Limits.Url);
        builder.Property(e => e.SecretHint).HasMaxLength(16);
        builder.Property(e => e.DisabledReason).HasMaxLength(500);
        // text[]: the delivery reaction asks "who subscribes to this type" with = ANY(events).
        builder.Property(e => e.Events).HasColumnType("text[]");
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.OrgId, e.CreatedAt });
    }
}

internal sealed class WebhookMessageConfiguration : IEntityTypeConfiguration<WebhookMessage>
{
    public void Configure(EntityTypeBuilder<WebhookMessage> builder)
    {
        builder.ToTable("webhook_messages");
        builder.Property(m => m.EventType).HasMaxLength(64);
        // text, not jsonb: the body is sent byte for byte as it was written (jsonb would reorder keys).
        builder.Property(m => m.Payload).HasColumnType("text");
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.OrgId, m.EventType, m.CreatedAt });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.HasOne(d => d.Message).WithMany().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Endpoint).WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrgId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher's queue: only pending rows, by endpoint and due time. The claim walks the
        // endpoints that have pending deliveries and takes each one's oldest due rows (see
        // WebhookDeliveryClaims). It is the only index on pending rows, so the planner, whose statistics
        // rarely know how many rows are pending right now, cannot pick a worse one.
        builder.HasIndex(d => new { d.EndpointId, d.NextAttemptAt }).HasFilter("status = 'Pending'").HasDatabaseName("ix_webhook_deliveries_endpoint_due");
        builder.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        builder.HasIndex(d => d.MessageId);
        builder.HasIndex(d => new { d.OrgId, d.CreatedAt });
    }
}

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> builder)
    {
        builder.ToTable("webhook_delivery_attempts");
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.Property(a => a.ResponseBody).HasMaxLength(WebhookLogLimits.ResponseBodyChars);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeliveryId, a.AttemptNumber });
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.Name).HasMaxLength(Limits.Name);
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.Scopes).HasColumnType("text[]");
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.HasIndex(k => new { k.OrgId, k.CreatedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(k => k.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.Property(k => k.Id).UseIdentityAlwaysColumn();
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
        builder.Property(k => k.Xml).HasColumnType("text");
    }
}

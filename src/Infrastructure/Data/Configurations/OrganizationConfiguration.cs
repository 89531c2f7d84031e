using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.Property(o => o.Name).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(o => o.ExternalId).HasMaxLength(Limits.ExternalId);
        builder.Property(o => o.Plan).HasMaxLength(50).IsRequired();
        // The columns keep the names they were created with.
        builder.Property(o => o.BillingCustomerId).HasColumnName("stripe_customer_id").HasMaxLength(Limits.ExternalId);
        builder.Property(o => o.BillingSubscriptionId).HasColumnName("stripe_subscription_id").HasMaxLength(Limits.ExternalId);
        // A handful of lines, read and written with the organization: a jsonb column, not a table.
        builder.OwnsMany(o => o.VoiceAddOnLines, lines =>
        {
            lines.ToJson("voice_add_on_lines");
            lines.Property(l => l.PriceId).HasJsonPropertyName("priceId");
            lines.Property(l => l.Quantity).HasJsonPropertyName("quantity");
        });
        builder.Navigation(o => o.VoiceAddOnLines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(o => o.ExternalId).IsUnique().HasFilter("external_id IS NOT NULL");
        builder.HasIndex(o => o.BillingCustomerId).IsUnique().HasFilter("stripe_customer_id IS NOT NULL");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Billing;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("invoices");
        // The column keeps the name it was created with.
        builder.Property(i => i.ProviderInvoiceId).HasColumnName("stripe_invoice_id").HasMaxLength(Limits.ExternalId);
        builder.Property(i => i.Number).HasMaxLength(100);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.HostedInvoiceUrl).HasMaxLength(Limits.Url);
        builder.HasIndex(i => i.ProviderInvoiceId).IsUnique();
        builder.HasIndex(i => new { i.OrgId, i.CreatedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PaymentOrderConfiguration : IEntityTypeConfiguration<PaymentOrder>
{
    public void Configure(EntityTypeBuilder<PaymentOrder> builder)
    {
        builder.ToTable("payment_orders");
        builder.Property(o => o.Description).HasMaxLength(Limits.Description);
        builder.Property(o => o.Currency).HasMaxLength(3);
        // The column keeps the name it was created with.
        builder.Property(o => o.ProviderPaymentId).HasColumnName("stripe_payment_intent_id").HasMaxLength(Limits.ExternalId);
        builder.Property(o => o.FailureReason).HasMaxLength(1000);
        builder.HasIndex(o => o.ProviderPaymentId).IsUnique().HasFilter("stripe_payment_intent_id <> ''");
        builder.HasIndex(o => new { o.OrgId, o.CreatedAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}

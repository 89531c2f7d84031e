using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> builder)
    {
        builder.ToTable("email_messages");
        builder.Property(e => e.ToAddress).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(Limits.Name);
        builder.Property(e => e.Template).HasMaxLength(EmailMessage.MaxTemplate).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(EmailMessage.MaxSubject).IsRequired();
        builder.Property(e => e.HtmlBody).HasColumnType("text").IsRequired();
        builder.Property(e => e.TextBody).HasColumnType("text").IsRequired();
        builder.Property(e => e.ReplyTo).HasMaxLength(Limits.Email);
        builder.Property(e => e.UnsubscribeUrl).HasMaxLength(Limits.Url);
        builder.Property(e => e.DedupeKey).HasMaxLength(EmailMessage.MaxDedupeKey);
        builder.Property(e => e.Provider).HasMaxLength(32);
        builder.Property(e => e.ProviderMessageId).HasMaxLength(256);
        builder.Property(e => e.LastError).HasMaxLength(EmailMessage.MaxError);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.SetNull);
        // The sender's queue: only unsent rows, in due order.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("status IN ('Pending', 'Held')").HasDatabaseName("ix_email_messages_due");
        // The daily cap counts today's sends.
        builder.HasIndex(e => e.SentAt).HasFilter("status = 'Sent'").HasDatabaseName("ix_email_messages_sent_at");
        builder.HasIndex(e => e.DedupeKey).IsUnique().HasFilter("dedupe_key IS NOT NULL");
        builder.HasIndex(e => new { e.OrgId, e.CreatedAt });
        builder.HasIndex(e => e.CreatedAt);
        builder.HasIndex(e => e.MemberId);
    }
}

internal sealed class EmailPreferencesConfiguration : IEntityTypeConfiguration<EmailPreferences>
{
    public void Configure(EntityTypeBuilder<EmailPreferences> builder)
    {
        builder.ToTable("email_preferences");
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.MemberId).IsUnique();
    }
}

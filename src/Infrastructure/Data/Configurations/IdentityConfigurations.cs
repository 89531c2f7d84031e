using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class PendingIdentityEventConfiguration : IEntityTypeConfiguration<PendingIdentityEvent>
{
    public void Configure(EntityTypeBuilder<PendingIdentityEvent> builder)
    {
        builder.ToTable("pending_identity_events");
        builder.Property(e => e.Provider).HasMaxLength(32);
        builder.Property(e => e.EventId).HasMaxLength(200);
        builder.Property(e => e.EventType).HasMaxLength(100);
        builder.Property(e => e.AwaitedOrganization).HasMaxLength(Limits.ExternalId);
        builder.Property(e => e.Payload).HasColumnType("jsonb");
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
        // The worker claims due events, oldest first.
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("status = 'Pending'");
        builder.HasIndex(e => e.AwaitedOrganization);
    }
}

internal sealed class AttemptCommentConfiguration : IEntityTypeConfiguration<AttemptComment>
{
    public void Configure(EntityTypeBuilder<AttemptComment> builder)
    {
        builder.ToTable("attempt_comments");
        builder.Property(c => c.Body).HasMaxLength(AttemptComment.MaxBodyLength);
        builder.Property(c => c.EmailMessageId).HasMaxLength(500);
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Attempt>().WithMany().HasForeignKey(c => c.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.OrgId, c.AttemptId, c.CreatedAt });
        builder.HasIndex(c => new { c.OrgId, c.EmailMessageId }).IsUnique().HasFilter("email_message_id IS NOT NULL");
    }
}

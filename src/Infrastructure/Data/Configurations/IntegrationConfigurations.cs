using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Integrations;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Usage;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class ProcessedInboundEventConfiguration : IEntityTypeConfiguration<ProcessedInboundEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedInboundEvent> builder)
    {
        builder.ToTable("processed_inbound_events");
        builder.HasKey(e => new { e.Provider, e.EventKey });
        builder.Property(e => e.Provider).HasMaxLength(32);
        builder.Property(e => e.EventKey).HasMaxLength(200);
        builder.Property(e => e.EventType).HasMaxLength(100);
        builder.HasIndex(e => e.ReceivedAt);
    }
}

internal sealed class VoiceUsageRecordConfiguration : IEntityTypeConfiguration<VoiceUsageRecord>
{
    public void Configure(EntityTypeBuilder<VoiceUsageRecord> builder)
    {
        builder.ToTable("voice_usage_records");
        builder.Property(u => u.Provider).HasMaxLength(32);
        builder.Property(u => u.Minutes).HasPrecision(12, 1);
        builder.Property(u => u.PricePerMinuteUsd).HasPrecision(12, 4);
        builder.Property(u => u.CostUsd).HasPrecision(14, 4);
        builder.Property(u => u.EndReason).HasMaxLength(32);
        builder.HasOne<Domain.Voice.VoiceSession>().WithMany().HasForeignKey(u => u.VoiceSessionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(u => u.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Attempt>().WithMany().HasForeignKey(u => u.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => u.AttemptId).IsUnique();
        builder.HasIndex(u => new { u.OrgId, u.CreatedAt });
    }
}

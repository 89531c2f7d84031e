using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Flags;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Scenarios;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class FeatureFlagSettingConfiguration : IEntityTypeConfiguration<FeatureFlagSetting>
{
    public void Configure(EntityTypeBuilder<FeatureFlagSetting> builder)
    {
        builder.ToTable("feature_flag_settings");
        builder.Property(f => f.Key).HasMaxLength(64).IsRequired();
        builder.Property(f => f.SetBy).HasMaxLength(200).IsRequired();
        builder.Property(f => f.Source).HasMaxLength(32).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
        // One setting per flag and scope; NULLS NOT DISTINCT makes the global row (no org, no member) unique too.
        builder.HasIndex(f => new { f.Key, f.Scope, f.OrgId, f.MemberId }).IsUnique().AreNullsDistinct(false);
        builder.HasIndex(f => new { f.OrgId, f.MemberId });
    }
}

internal sealed class FeatureFlagChangeConfiguration : IEntityTypeConfiguration<FeatureFlagChange>
{
    public void Configure(EntityTypeBuilder<FeatureFlagChange> builder)
    {
        builder.ToTable("feature_flag_changes");
        builder.Property(f => f.Key).HasMaxLength(64).IsRequired();
        builder.Property(f => f.ChangedBy).HasMaxLength(200).IsRequired();
        builder.Property(f => f.ChangedByName).HasMaxLength(200).IsRequired();
        builder.Property(f => f.Source).HasMaxLength(32).IsRequired();
        builder.Property(f => f.Reason).HasMaxLength(500);
        builder.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrgId).OnDelete(DeleteBehavior.Cascade);
        // The trail outlives the member it was about (the id stays; the row is history).
        builder.HasIndex(f => new { f.OrgId, f.ChangedAt });
        builder.HasIndex(f => f.ChangedAt);
    }
}

internal sealed class UserVoiceAddOnConfiguration : IEntityTypeConfiguration<UserVoiceAddOn>
{
    public void Configure(EntityTypeBuilder<UserVoiceAddOn> builder)
    {
        builder.ToTable("user_voice_addons");
        builder.Property(u => u.VoiceAddOnActive).HasColumnName("voice_addon_active");
        builder.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(u => u.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => new { u.OrgId, u.MemberId }).IsUnique();
        builder.HasIndex(u => new { u.OrgId, u.VoiceAddOnActive });
    }
}

internal sealed class VoiceSettingsConfiguration : IEntityTypeConfiguration<VoiceSettings>
{
    public void Configure(EntityTypeBuilder<VoiceSettings> builder)
    {
        builder.ToTable("voice_settings");
        builder.Property(v => v.PricePerMinute).HasPrecision(12, 4);
        builder.Property(v => v.CircuitBreakerThreshold).HasPrecision(12, 4);
        builder.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrgId).OnDelete(DeleteBehavior.Cascade);
        // One row per organization, and one global default (org_id null).
        builder.HasIndex(v => v.OrgId).IsUnique().AreNullsDistinct(false);
        builder.Ignore(v => v.MaxDurationSeconds);
    }
}

internal sealed class VoiceSessionConfiguration : IEntityTypeConfiguration<VoiceSession>
{
    public void Configure(EntityTypeBuilder<VoiceSession> builder)
    {
        builder.ToTable("voice_sessions");
        builder.Property(v => v.Provider).HasMaxLength(32).IsRequired();
        builder.Property(v => v.PricePerMinute).HasPrecision(12, 4);
        builder.Property(v => v.CostEstimate).HasPrecision(14, 4);
        builder.Property(v => v.RunningCost).HasPrecision(14, 4);
        builder.Property(v => v.CircuitBreakerThreshold).HasPrecision(12, 4);
        builder.Property(v => v.EndReason).HasMaxLength(32);
        builder.Property(v => v.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(v => v.SpeechToTextProvider).HasMaxLength(32).IsRequired();
        builder.Property(v => v.TextToSpeechProvider).HasMaxLength(32).IsRequired();
        builder.Property(v => v.LlmProvider).HasMaxLength(32).IsRequired();
        builder.Property(v => v.ProviderSwitches).HasReplacedJsonConversion().IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Scenario>().WithMany().HasForeignKey(v => v.ScenarioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Attempt>().WithMany().HasForeignKey(v => v.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => v.AttemptId).IsUnique();
        builder.HasIndex(v => new { v.OrgId, v.MemberId, v.StartedAt });
        // The watchdog's scan: active sessions, across organizations.
        builder.HasIndex(v => v.StartedAt).HasFilter("status = 'Active'").HasDatabaseName("ix_voice_sessions_active");
    }
}

internal sealed class VoiceProviderHealthConfiguration : IEntityTypeConfiguration<VoiceProviderHealth>
{
    public void Configure(EntityTypeBuilder<VoiceProviderHealth> builder)
    {
        // Installation-wide, like job_schedules: no organization, one row per provider.
        builder.ToTable("voice_provider_health");
        builder.HasKey(h => h.Provider);
        builder.Property(h => h.Provider).HasMaxLength(VoiceProviderHealth.MaxProvider);
        builder.Property(h => h.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(h => h.StatusReason).HasMaxLength(VoiceProviderHealth.MaxText).IsRequired();
        builder.Property(h => h.LastError).HasMaxLength(VoiceProviderHealth.MaxText);
        builder.Ignore(h => h.IsHealthy);
    }
}

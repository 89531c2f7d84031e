using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable("scenario_attempts");
        builder.Property(a => a.ProviderCallId).HasMaxLength(Limits.ExternalId);
        builder.Property(a => a.RecordingKey).HasMaxLength(Limits.Url);
        builder.Property(a => a.RecordingContentType).HasMaxLength(100);
        builder.Property(a => a.EndedReason).HasMaxLength(200);
        builder.Property(a => a.AnalysisSummary).HasMaxLength(Limits.Prompt);
        builder.Property(a => a.RecordingStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.Transcript).HasReplacedJsonConversion().IsRequired();
        builder.Property(a => a.Kpis).HasReplacedJsonConversion().IsRequired();
        builder.Property(a => a.CriterionScores).HasReplacedJsonConversion().IsRequired();
        builder.Property(a => a.Feedback).HasMaxLength(Limits.Prompt);
        builder.Property(a => a.FailureReason).HasMaxLength(Limits.Description);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Member).WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Scenario).WithMany().HasForeignKey(a => a.ScenarioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(a => a.AssignmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => a.ProviderCallId).IsUnique().HasFilter("provider_call_id IS NOT NULL");
        builder.HasIndex(a => new { a.OrgId, a.MemberId, a.CreatedAt });
        builder.HasIndex(a => new { a.OrgId, a.ScenarioId, a.CreatedAt });
        // "Has this member completed this scenario?" is asked on every call end (assignment and track progress).
        builder.HasIndex(a => new { a.OrgId, a.MemberId, a.ScenarioId, a.Status });
        builder.HasIndex(a => new { a.OrgId, a.CreatedAt });
        builder.HasIndex(a => a.AssignmentId);
    }
}

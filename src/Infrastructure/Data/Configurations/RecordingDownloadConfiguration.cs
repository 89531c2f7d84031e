using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Attempts;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class RecordingDownloadConfiguration : IEntityTypeConfiguration<RecordingDownload>
{
    public void Configure(EntityTypeBuilder<RecordingDownload> builder)
    {
        builder.ToTable("recording_downloads");
        builder.Property(d => d.SourceUrl).HasMaxLength(Limits.Url);
        builder.Property(d => d.LastError).HasMaxLength(RecordingDownload.MaxError);
        builder.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Attempt>().WithMany().HasForeignKey(d => d.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.AttemptId).IsUnique();
        builder.HasIndex(d => d.OrgId);
        // The worker claims due downloads across organizations.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
    }
}

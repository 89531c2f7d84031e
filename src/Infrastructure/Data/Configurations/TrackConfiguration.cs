using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Tracks;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class TrackConfiguration : IEntityTypeConfiguration<Track>
{
    public void Configure(EntityTypeBuilder<Track> builder)
    {
        builder.ToTable("tracks");
        builder.Property(t => t.Title).HasMaxLength(Limits.Title).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(Limits.Description).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Scenarios).WithOne().HasForeignKey(s => s.TrackId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Scenarios).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(t => new { t.OrgId, t.CreatedAt });
    }
}

internal sealed class TrackScenarioConfiguration : IEntityTypeConfiguration<TrackScenario>
{
    public void Configure(EntityTypeBuilder<TrackScenario> builder)
    {
        builder.ToTable("track_scenarios");
        builder.HasOne(s => s.Scenario).WithMany().HasForeignKey(s => s.ScenarioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.TrackId, s.Position });
        builder.HasIndex(s => new { s.OrgId, s.ScenarioId });
    }
}

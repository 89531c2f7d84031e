using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Assignments;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.ToTable("assignments", t => t.HasCheckConstraint("ck_assignments_scenario_xor_track",
            "(scenario_id IS NULL) <> (track_id IS NULL)"));
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Member).WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(a => a.AssignedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(a => a.Scenario).WithMany().HasForeignKey(a => a.ScenarioId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Track).WithMany().HasForeignKey(a => a.TrackId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OrgId, a.MemberId, a.Status });
        builder.HasIndex(a => new { a.OrgId, a.CreatedAt });
        builder.HasIndex(a => new { a.OrgId, a.DueAt }).HasFilter("status <> 'Completed'");
        // One open assignment per member and scenario (or track): the database settles concurrent requests.
        builder.HasIndex(a => new { a.OrgId, a.MemberId, a.ScenarioId }).IsUnique()
            .HasFilter("status <> 'Completed' AND scenario_id IS NOT NULL").HasDatabaseName("ux_assignments_open_scenario");
        builder.HasIndex(a => new { a.OrgId, a.MemberId, a.TrackId }).IsUnique()
            .HasFilter("status <> 'Completed' AND track_id IS NOT NULL").HasDatabaseName("ux_assignments_open_track");
        builder.HasIndex(a => a.ScenarioId);
        builder.HasIndex(a => a.TrackId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Members;
using VoiceTraining.Domain.Organizations;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.ToTable("members");
        builder.Property(m => m.ExternalUserId).HasMaxLength(Limits.ExternalId).IsRequired();
        builder.Property(m => m.Email).HasMaxLength(Limits.Email).IsRequired();
        builder.Property(m => m.Name).HasMaxLength(Limits.Name).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(m => m.ManagerId).OnDelete(DeleteBehavior.SetNull);
        // Indexes lead with org_id: every query is per organization (and tables can be distributed by it).
        builder.HasIndex(m => new { m.OrgId, m.ExternalUserId }).IsUnique();
        builder.HasIndex(m => new { m.OrgId, m.Email });
        builder.HasIndex(m => new { m.OrgId, m.CreatedAt });
        builder.HasIndex(m => new { m.OrgId, m.ManagerId });
    }
}

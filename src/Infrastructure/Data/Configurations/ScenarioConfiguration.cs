using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class ScenarioConfiguration : IEntityTypeConfiguration<Scenario>
{
    public void Configure(EntityTypeBuilder<Scenario> builder)
    {
        builder.ToTable("scenarios");
        builder.Property(s => s.Title).HasMaxLength(Limits.Title).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(Limits.Description).IsRequired();
        builder.Property(s => s.AiPrompt).HasMaxLength(Limits.Prompt).IsRequired();
        builder.Property(s => s.Rubric).HasJsonConversion().IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Persona).WithMany().HasForeignKey(s => s.PersonaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.OrgId, s.CreatedAt });
        builder.HasIndex(s => new { s.OrgId, s.Status, s.CreatedAt });
        builder.HasIndex(s => s.PersonaId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Organizations;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Infrastructure.Data.Configurations;

internal sealed class PersonaConfiguration : IEntityTypeConfiguration<Persona>
{
    public void Configure(EntityTypeBuilder<Persona> builder)
    {
        builder.ToTable("personas");
        builder.Property(p => p.Name).HasMaxLength(Limits.Name).IsRequired();
        builder.Property(p => p.Description).HasMaxLength(Limits.Description).IsRequired();
        builder.Property(p => p.VoiceProvider).HasMaxLength(Limits.VoiceProvider).IsRequired();
        builder.Property(p => p.VoiceId).HasMaxLength(Limits.VoiceId).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.OrgId, p.CreatedAt });
    }
}

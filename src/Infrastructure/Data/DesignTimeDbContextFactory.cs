using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Infrastructure.Data;

/// <summary>Lets the EF tools build the model to scaffold migrations; no database is touched.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ApplicationDbContext>
{
    public ApplicationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>()
            .UseNpgsql("Host=localhost;Database=design_time", o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .Options, new NoCaller(), []);

    private sealed class NoCaller : ICurrentUser
    {
        public Guid? OrgId => null;
        public Guid? MemberId => null;
        public MemberRole? Role => null;
        public bool IsAuthenticated => false;
    }
}

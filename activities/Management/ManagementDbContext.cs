using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Management;

public sealed class ManagementDbContext(DbContextOptions<ManagementDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Management;

    public DbSet<DefinitionDraft> DefinitionDrafts => Set<DefinitionDraft>();

    public DbSet<DefinitionVersion> DefinitionVersions => Set<DefinitionVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        DefinitionModel.Configure(modelBuilder);
    }
}

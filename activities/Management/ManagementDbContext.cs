using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Management;

public sealed class ManagementDbContext(DbContextOptions<ManagementDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Management;
}

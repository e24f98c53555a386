using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Warehouse;

public sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Warehouse;
}

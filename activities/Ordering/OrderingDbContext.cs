using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Ordering;

public sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Ordering;
}

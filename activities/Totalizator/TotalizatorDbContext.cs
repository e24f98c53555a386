using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Totalizator;

public sealed class TotalizatorDbContext(DbContextOptions<TotalizatorDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Totalizator;
}

using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Execution;

public sealed class ExecutionDbContext(DbContextOptions<ExecutionDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Execution;
}

using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Invoicing;

public sealed class InvoicingDbContext(DbContextOptions<InvoicingDbContext> options) : ContextDbContext(options)
{
    public override BoundedContext Context => BoundedContext.Invoicing;
}

using HelperPlatform.Activities.Ordering.Quotes;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Ordering;

public sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : ContextDbContext(options)
{
    /// <summary>Unconstrained numeric: exact, and it returns an amount with the scale it was stored with (45.00, not 45.0000).</summary>
    private const string MoneyColumn = "numeric";

    public override BoundedContext Context => BoundedContext.Ordering;

    public DbSet<Quote> Quotes => Set<Quote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Quote>(quotes =>
        {
            quotes.ToTable("quotes");
            quotes.HasKey(quote => quote.Id);
            quotes.Property(quote => quote.Id).ValueGeneratedNever();
            quotes.Property(quote => quote.ClientId).HasMaxLength(64);
            quotes.Property(quote => quote.ServiceTypeCode).HasMaxLength(64);
            quotes.Property(quote => quote.Address).HasMaxLength(300);
            quotes.Property(quote => quote.Currency).HasMaxLength(3);
            quotes.Property(quote => quote.BasePrice).HasColumnType(MoneyColumn);
            quotes.Property(quote => quote.Total).HasColumnType(MoneyColumn);
            quotes.Property(quote => quote.SurchargesJson).HasColumnType("jsonb");
            quotes.HasIndex(quote => new { quote.ClientId, quote.QuotedAt });
        });
    }
}

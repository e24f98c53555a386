using HelperPlatform.Activities.Ordering.Orders;
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

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<WorkerBooking> WorkerBookings => Set<WorkerBooking>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<WorkerLoad> WorkerLoads => Set<WorkerLoad>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // The totalizator's order-count markets count OrderCompleted events in a period (OrderFactsActivities).
        modelBuilder.Entity<RecordedEvent>().HasIndex(e => new { e.Type, e.OccurredAt });

        // The exclusion constraint that keeps a worker's unreleased bookings from overlapping compares the
        // worker id with "=" in a GiST index, which needs btree_gist's operator classes.
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.Entity<Quote>(quotes =>
        {
            quotes.ToTable("quotes");
            quotes.HasKey(quote => quote.Id);
            quotes.Property(quote => quote.Id).ValueGeneratedNever();
            quotes.Property(quote => quote.ClientId).HasMaxLength(64);
            quotes.Property(quote => quote.ServiceTypeCode).HasMaxLength(64);
            quotes.Property(quote => quote.Address).HasMaxLength(300);
            quotes.Property(quote => quote.City).HasMaxLength(100);
            quotes.Property(quote => quote.Currency).HasMaxLength(3);
            quotes.Property(quote => quote.BasePrice).HasColumnType(MoneyColumn);
            quotes.Property(quote => quote.Total).HasColumnType(MoneyColumn);
            quotes.Property(quote => quote.SurchargesJson).HasColumnType("jsonb");
            quotes.Property(quote => quote.DiscountsJson).HasColumnType("jsonb");
            quotes.Property(quote => quote.PromotionCode).HasMaxLength(32);
            quotes.HasIndex(quote => new { quote.ClientId, quote.QuotedAt });
        });
        modelBuilder.Entity<Order>(orders =>
        {
            orders.ToTable("orders");
            orders.HasKey(order => order.Id);
            orders.Property(order => order.Id).ValueGeneratedNever();
            orders.Property(order => order.ClientId).HasMaxLength(64);
            orders.Property(order => order.ServiceTypeCode).HasMaxLength(64);
            orders.Property(order => order.Address).HasMaxLength(300);
            orders.Property(order => order.City).HasMaxLength(100);
            orders.Property(order => order.Currency).HasMaxLength(3);
            orders.Property(order => order.Price).HasColumnType(MoneyColumn);
            orders.Property(order => order.Status).HasConversion<string>().HasMaxLength(32);
            orders.Property(order => order.CurrentStepId).HasMaxLength(64);
            orders.Property(order => order.WorkerId).HasMaxLength(64);
            orders.Property(order => order.PromotionCode).HasMaxLength(32);
            orders.HasIndex(order => order.QuoteId).IsUnique();
            orders.HasIndex(order => new { order.ClientId, order.PlacedAt });
            orders.HasIndex(order => new { order.WorkerId, order.PlacedAt });
            orders.HasIndex(order => new { order.Status, order.PlacedAt });
        });
        modelBuilder.Entity<WorkerBooking>(bookings =>
        {
            bookings.ToTable("worker_bookings");
            bookings.HasKey(booking => booking.OrderId);
            bookings.Property(booking => booking.WorkerId).HasMaxLength(64);
            bookings.HasIndex(booking => new { booking.WorkerId, booking.WindowStart });

            // Matching's fairness count reads a worker's recent hand assignments (their offers count the rest).
            bookings.HasIndex(booking => new { booking.WorkerId, booking.BookedAt }).HasFilter("offer_id IS NULL");

            // A worker's unreleased bookings never overlap in time: the exclusion constraint
            // worker_bookings_no_overlap, added by SQL in migration WorkerBookingsNeverOverlap because EF Core
            // cannot model one. The database decides, so concurrent bookings of one worker cannot both succeed.
        });
        modelBuilder.Entity<Offer>(offers =>
        {
            offers.ToTable("offers");
            offers.HasKey(offer => offer.Id);
            offers.Property(offer => offer.Id).ValueGeneratedNever();
            offers.Property(offer => offer.WorkerId).HasMaxLength(64);
            offers.Property(offer => offer.Status).HasConversion<string>().HasMaxLength(16);
            offers.HasIndex(offer => new { offer.OrderId, offer.Status });
            offers.HasIndex(offer => new { offer.WorkerId, offer.Status });

            // Matching's fairness count of the period's first, partial hour (the whole hours come from worker_loads). Its
            // order_id is left from when this count skipped the matched order's offers; they are now read by order.
            offers.HasIndex(offer => new { offer.WorkerId, offer.OfferedAt }).IncludeProperties(offer => offer.OrderId);
        });
        modelBuilder.Entity<WorkerLoad>(loads =>
        {
            // Kept by the triggers offers_count_worker_load and worker_bookings_count_worker_load, added by SQL in
            // migration WorkerLoadsByHour: every insert of an offer or a hand assignment counts, whatever code makes it.
            loads.ToTable("worker_loads");
            loads.HasKey(load => new { load.WorkerId, load.Hour });
            loads.Property(load => load.WorkerId).HasMaxLength(64);
        });
    }
}

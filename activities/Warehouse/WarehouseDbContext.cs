using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Activities.Warehouse.Contractor;
using HelperPlatform.Activities.Warehouse.Picking;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Warehouse;

public sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options) : ContextDbContext(options)
{
    public const int MaxSkuLength = 64;

    public override BoundedContext Context => BoundedContext.Warehouse;

    public DbSet<PurchaseOrder> PurchaseOrders => Set<PurchaseOrder>();

    public DbSet<StockItem> Stock => Set<StockItem>();

    public DbSet<Pick> Picks => Set<Pick>();

    public DbSet<StockReservation> Reservations => Set<StockReservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<PurchaseOrder>(orders =>
        {
            orders.ToTable("purchase_orders");
            orders.HasKey(order => order.Id);
            orders.Property(order => order.Id).ValueGeneratedNever();
            orders.Property(order => order.Sku).HasMaxLength(MaxSkuLength);
            orders.Property(order => order.Status).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<StockItem>(stock =>
        {
            stock.ToTable("stock_items");
            stock.HasKey(item => item.Sku);
            stock.Property(item => item.Sku).HasMaxLength(MaxSkuLength);
        });
        modelBuilder.Entity<Pick>(picks =>
        {
            picks.ToTable("picks");
            picks.HasKey(pick => pick.OrderId);
            picks.Property(pick => pick.Stage).HasConversion<string>().HasMaxLength(32);
            picks.Property(pick => pick.SuppliesJson).HasColumnType("jsonb");
            picks.Property(pick => pick.WorkerId).HasMaxLength(64);
            picks.HasIndex(pick => new { pick.Stage, pick.UpdatedAt });
        });
        modelBuilder.Entity<StockReservation>(reservations =>
        {
            reservations.ToTable("stock_reservations");
            reservations.HasKey(reservation => new { reservation.OrderId, reservation.Sku });
            reservations.Property(reservation => reservation.Sku).HasMaxLength(MaxSkuLength);
            reservations.Property(reservation => reservation.Status).HasConversion<string>().HasMaxLength(16);
        });
    }
}

using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelperPlatform.Activities.Invoicing;

public sealed class InvoicingDbContext(DbContextOptions<InvoicingDbContext> options) : ContextDbContext(options)
{
    private const string MoneyColumn = "numeric";

    public override BoundedContext Context => BoundedContext.Invoicing;

    public DbSet<PromotionCode> PromotionCodes => Set<PromotionCode>();

    public DbSet<ClientDiscount> ClientDiscounts => Set<ClientDiscount>();

    public DbSet<PromotionCodeRedemption> PromotionCodeRedemptions => Set<PromotionCodeRedemption>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<PromotionCode>(codes =>
        {
            MapDiscount(codes, "promotion_codes");
            codes.Property(code => code.Code).HasMaxLength(32);
            // Codes are stored upper case, so this index makes them unique case-insensitively.
            codes.HasIndex(code => code.Code).IsUnique();
        });
        modelBuilder.Entity<ClientDiscount>(discounts =>
        {
            MapDiscount(discounts, "client_discounts");
            discounts.Property(discount => discount.ClientId).HasMaxLength(64);
            discounts.HasIndex(discount => new { discount.ClientId, discount.Active });
        });
        modelBuilder.Entity<PromotionCodeRedemption>(redemptions =>
        {
            redemptions.ToTable("promotion_code_redemptions");
            redemptions.HasKey(redemption => redemption.QuoteId);
            redemptions.Property(redemption => redemption.ClientId).HasMaxLength(64);
            redemptions.Property(redemption => redemption.Status).HasConversion<string>().HasMaxLength(16);
            redemptions.HasIndex(redemption => new { redemption.PromotionCodeId, redemption.ClientId });
            redemptions.HasOne<PromotionCode>().WithMany().HasForeignKey(redemption => redemption.PromotionCodeId);
        });
    }

    /// <summary>Each kind of discount has its own table with the columns they share.</summary>
    private static void MapDiscount<TDiscount>(EntityTypeBuilder<TDiscount> discounts, string table)
        where TDiscount : Discount
    {
        discounts.ToTable(table);
        discounts.HasKey(discount => discount.Id);
        discounts.Property(discount => discount.Id).ValueGeneratedNever();
        discounts.Property(discount => discount.Description).HasMaxLength(200);
        discounts.Property(discount => discount.Percent).HasColumnType(MoneyColumn);
        discounts.Property(discount => discount.Amount).HasColumnType(MoneyColumn);
        discounts.Property(discount => discount.Currency).HasMaxLength(3);
        discounts.Property(discount => discount.CreatedBy).HasMaxLength(64);
        discounts.Ignore(discount => discount.Terms);
    }
}

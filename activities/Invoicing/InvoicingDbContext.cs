using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

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
            codes.ToTable("promotion_codes");
            codes.HasKey(code => code.Id);
            codes.Property(code => code.Id).ValueGeneratedNever();
            codes.Property(code => code.Code).HasMaxLength(32);
            codes.Property(code => code.Description).HasMaxLength(200);
            codes.Property(code => code.Percent).HasColumnType(MoneyColumn);
            codes.Property(code => code.Amount).HasColumnType(MoneyColumn);
            codes.Property(code => code.Currency).HasMaxLength(3);
            codes.Property(code => code.CreatedBy).HasMaxLength(64);
            // Codes are stored upper case, so this index makes them unique case-insensitively.
            codes.HasIndex(code => code.Code).IsUnique();
        });
        modelBuilder.Entity<ClientDiscount>(discounts =>
        {
            discounts.ToTable("client_discounts");
            discounts.HasKey(discount => discount.Id);
            discounts.Property(discount => discount.Id).ValueGeneratedNever();
            discounts.Property(discount => discount.ClientId).HasMaxLength(64);
            discounts.Property(discount => discount.Description).HasMaxLength(200);
            discounts.Property(discount => discount.Percent).HasColumnType(MoneyColumn);
            discounts.Property(discount => discount.Amount).HasColumnType(MoneyColumn);
            discounts.Property(discount => discount.Currency).HasMaxLength(3);
            discounts.Property(discount => discount.CreatedBy).HasMaxLength(64);
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
}

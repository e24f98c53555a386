using HelperPlatform.Activities.Warehouse;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Warehouse;

/// <summary>
/// Puts stock on the shelf without a contractor's delivery: for the demo (<c>--demo</c>) and the orders benchmark,
/// which show or measure orders, not purchasing.
/// </summary>
public sealed class StockSeeding(WarehouseDbContext db)
{
    /// <summary>Puts <paramref name="onHand"/> units of a SKU the warehouse has no record of on the shelf; a known SKU keeps its stock.</summary>
    /// <returns>Whether it did.</returns>
    public async Task<bool> StockNewAsync(string sku, int onHand, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO warehouse.stock_items (sku, on_hand) VALUES ({sku}, {onHand}) ON CONFLICT (sku) DO NOTHING", cancellationToken) == 1;
}

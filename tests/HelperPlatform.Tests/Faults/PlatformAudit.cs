using Npgsql;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// What the database shows after a scenario: the orders by status, and every duplicate the platform must never
/// make. Every seed event the orders journal (<c>HelpRequested</c>, <c>OrderAssembled</c>, <c>CheckedInViaApp</c>, …)
/// happens once per stream; an order has one stock reservation per SKU, one worker booking, one accepted offer and
/// one photo report (the app sends every attempt under one report id, so an attempt cut short between storing the
/// photos and offering them leaves nothing a retry does not take), and no photo report is left that no workflow accepted. A purchase bought twice shows as stock
/// that does not add up: what was on the shelf plus what was delivered is what is reserved or issued plus what is left
/// (a released reservation is back on the shelf).
/// </summary>
internal sealed record PlatformAudit(
    IReadOnlyDictionary<string, int> OrdersByStatus,
    int DuplicateEvents,
    int DuplicateReservations,
    int DuplicateBookings,
    int DuplicateAcceptedOffers,
    int DuplicatePhotoReports,
    int UnacceptedPhotoReports,
    int PurchaseOrders,
    int UndeliveredPurchaseOrders,
    int StockImbalance,
    UnfinishedHoldings Held)
{
    private const string Unfinished = "SELECT id FROM ordering.orders WHERE status NOT IN ('Completed', 'Cancelled')";
    private static readonly string[] JournallingSchemas = ["ordering", "warehouse", "execution", "management", "onboarding", "invoicing"];

    public int Orders => OrdersByStatus.Values.Sum();

    public int Completed => OrdersByStatus.GetValueOrDefault("Completed");

    public int Duplicates => DuplicateEvents + DuplicateReservations + DuplicateBookings + DuplicateAcceptedOffers + DuplicatePhotoReports;

    public static async Task<PlatformAudit> ReadAsync(string connectionString, string sku, int initialStock)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var orders = new NpgsqlCommand("SELECT status, count(*)::int FROM ordering.orders GROUP BY status", connection))
        await using (var reader = await orders.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byStatus[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var duplicateEvents = 0;
        foreach (var schema in JournallingSchemas)
        {
            duplicateEvents += await CountAsync(connection, $"SELECT count(*)::int FROM (SELECT 1 FROM {schema}.events GROUP BY stream_id, type HAVING count(*) > 1) repeated");
        }

        var stock = new NpgsqlCommand(
            """
            SELECT @initial
                + coalesce((SELECT sum(quantity) FROM warehouse.purchase_orders WHERE sku = @sku AND delivered_at IS NOT NULL), 0)
                - coalesce((SELECT sum(quantity) FROM warehouse.stock_reservations WHERE sku = @sku AND status <> 'Released'), 0)
                - (SELECT on_hand FROM warehouse.stock_items WHERE sku = @sku)
            """,
            connection);
        await using (stock)
        {
            stock.Parameters.AddWithValue("initial", initialStock);
            stock.Parameters.AddWithValue("sku", sku);
            return new PlatformAudit(
                byStatus,
                duplicateEvents,
                await CountAsync(connection, "SELECT count(*)::int FROM (SELECT 1 FROM warehouse.stock_reservations GROUP BY order_id, sku HAVING count(*) > 1) repeated"),
                await CountAsync(connection, "SELECT count(*)::int FROM (SELECT 1 FROM ordering.worker_bookings GROUP BY order_id HAVING count(*) > 1) repeated"),
                await CountAsync(connection, "SELECT count(*)::int FROM (SELECT 1 FROM ordering.offers WHERE status = 'Accepted' GROUP BY order_id HAVING count(*) > 1) repeated"),
                await CountAsync(connection, "SELECT count(*)::int FROM (SELECT 1 FROM execution.photo_reports GROUP BY order_id HAVING count(*) > 1) repeated"),
                await CountAsync(connection, "SELECT count(*)::int FROM execution.photo_reports WHERE status <> 'Accepted'"),
                await CountAsync(connection, "SELECT count(*)::int FROM warehouse.purchase_orders"),
                await CountAsync(connection, "SELECT count(*)::int FROM warehouse.purchase_orders WHERE delivered_at IS NULL"),
                Convert.ToInt32(await stock.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture),
                new UnfinishedHoldings(
                    await CountAsync(connection, $"SELECT count(*)::int FROM warehouse.stock_reservations WHERE closed_at IS NULL AND order_id IN ({Unfinished})"),
                    await CountAsync(connection, $"SELECT count(*)::int FROM ordering.worker_bookings WHERE released_at IS NULL AND order_id IN ({Unfinished})"),
                    await CountAsync(connection, $"SELECT count(*)::int FROM ordering.offers WHERE status = 'Open' AND order_id IN ({Unfinished})")));
        }
    }

    public override string ToString() =>
        $"orders {Orders} ({string.Join(", ", OrdersByStatus.Select(pair => $"{pair.Key} {pair.Value}"))}); duplicates: events {DuplicateEvents}, " +
        $"reservations {DuplicateReservations}, bookings {DuplicateBookings}, accepted offers {DuplicateAcceptedOffers}, photo reports {DuplicatePhotoReports}; " +
        $"photo reports not accepted {UnacceptedPhotoReports}; purchase orders {PurchaseOrders} ({UndeliveredPurchaseOrders} undelivered); stock imbalance {StockImbalance}; held by unfinished orders: {Held}";

    private static async Task<int> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>What orders not completed or cancelled still hold: open stock reservations, unreleased worker bookings, open offers.</summary>
internal sealed record UnfinishedHoldings(int Reservations, int Bookings, int OpenOffers)
{
    public override string ToString() => $"reservations {Reservations}, bookings {Bookings}, open offers {OpenOffers}";
}

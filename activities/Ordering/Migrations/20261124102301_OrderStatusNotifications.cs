using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class OrderStatusNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every change of an order's status is announced to the hosts that LISTEN (OrderStatusNotifications), with
            // the order id and the new status, so a client waiting for a status is answered without polling. pg_notify
            // sends at commit, and only if the transaction commits.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION ordering.notify_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('ordering_order_status', NEW.id::text || ' ' || NEW.status);
                    RETURN NULL;
                END $$;

                CREATE TRIGGER orders_notify_status AFTER UPDATE OF status ON ordering.orders
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION ordering.notify_order_status();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER orders_notify_status ON ordering.orders;
                DROP FUNCTION ordering.notify_order_status();
                """);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class WorkerLoadsByHour : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "worker_loads",
                schema: "ordering",
                columns: table => new
                {
                    worker_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hour = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    orders = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_worker_loads", x => new { x.worker_id, x.hour });
                });

            // Every inserted offer, and every booking without one (a manager's assignment), counts in its worker's
            // hour; a retried insert that meets its own row (ON CONFLICT DO NOTHING) inserts nothing and counts nothing.
            // The triggers lock both tables until this migration commits, so the backfill below counts every row
            // stored before them and none twice.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION ordering.count_worker_load() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    at timestamptz;
                BEGIN
                    -- An offer counts in the hour it was made, a hand assignment in the hour it was booked.
                    IF TG_TABLE_NAME = 'offers' THEN
                        at := NEW.offered_at;
                    ELSE
                        at := NEW.booked_at;
                    END IF;
                    INSERT INTO ordering.worker_loads AS l (worker_id, hour, orders)
                    VALUES (NEW.worker_id, date_trunc('hour', at, 'UTC'), 1)
                    ON CONFLICT (worker_id, hour) DO UPDATE SET orders = l.orders + 1;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER offers_count_worker_load AFTER INSERT ON ordering.offers
                    FOR EACH ROW EXECUTE FUNCTION ordering.count_worker_load();

                CREATE TRIGGER worker_bookings_count_worker_load AFTER INSERT ON ordering.worker_bookings
                    FOR EACH ROW WHEN (NEW.offer_id IS NULL) EXECUTE FUNCTION ordering.count_worker_load();

                INSERT INTO ordering.worker_loads (worker_id, hour, orders)
                SELECT worker_id, date_trunc('hour', at, 'UTC'), count(*)
                FROM (
                    SELECT worker_id, offered_at AS at FROM ordering.offers
                    UNION ALL
                    SELECT worker_id, booked_at FROM ordering.worker_bookings WHERE offer_id IS NULL) AS made
                GROUP BY 1, 2;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER worker_bookings_count_worker_load ON ordering.worker_bookings;
                DROP TRIGGER offers_count_worker_load ON ordering.offers;
                DROP FUNCTION ordering.count_worker_load();
                """);

            migrationBuilder.DropTable(
                name: "worker_loads",
                schema: "ordering");
        }
    }
}

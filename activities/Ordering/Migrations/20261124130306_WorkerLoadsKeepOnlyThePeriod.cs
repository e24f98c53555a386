using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class WorkerLoadsKeepOnlyThePeriod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // worker_loads kept one row per worker and busy hour for ever, though matching reads only the fairness period
            // (7 days, WorkerRanking.FairnessPeriod). A worker's first count in an hour now also drops that worker's counts
            // more than 8 days older (the period and a day to spare, so a clock a little ahead drops nothing still read):
            // one DELETE per worker and busy hour, and the table holds about a week of hours per worker. The existing old
            // counts go at once. And an order a worker was offered and then assigned by hand counts once, not twice.
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION ordering.count_worker_load() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    counted_hour timestamptz;
                BEGIN
                    -- An offer counts in the hour it was made, a hand assignment in the hour it was booked, unless the
                    -- worker had been offered that order (and declined or let it lapse): the offer counted the order.
                    IF TG_TABLE_NAME = 'offers' THEN
                        counted_hour := date_trunc('hour', NEW.offered_at, 'UTC');
                    ELSIF EXISTS (SELECT 1 FROM ordering.offers WHERE order_id = NEW.order_id AND worker_id = NEW.worker_id) THEN
                        RETURN NULL;
                    ELSE
                        counted_hour := date_trunc('hour', NEW.booked_at, 'UTC');
                    END IF;
                    UPDATE ordering.worker_loads SET orders = orders + 1 WHERE worker_id = NEW.worker_id AND hour = counted_hour;
                    IF NOT FOUND THEN
                        -- The worker's first count in this hour (or a concurrent first one, hence the conflict clause).
                        INSERT INTO ordering.worker_loads AS l (worker_id, hour, orders)
                        VALUES (NEW.worker_id, counted_hour, 1)
                        ON CONFLICT (worker_id, hour) DO UPDATE SET orders = l.orders + 1;
                        DELETE FROM ordering.worker_loads
                        WHERE worker_id = NEW.worker_id AND hour < counted_hour - interval '8 days';
                    END IF;
                    RETURN NULL;
                END $$;

                DELETE FROM ordering.worker_loads WHERE hour < now() - interval '8 days';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION ordering.count_worker_load() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    at timestamptz;
                BEGIN
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
                """);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class WorkerBookingsNeverOverlap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,");

            // Ranges are half-open ('[)'): a window ending when the next one starts does not overlap it.
            migrationBuilder.Sql(
                """
                ALTER TABLE ordering.worker_bookings ADD CONSTRAINT worker_bookings_no_overlap
                    EXCLUDE USING gist (worker_id WITH =, tstzrange(window_start, window_end) WITH &&)
                    WHERE (released_at IS NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE ordering.worker_bookings DROP CONSTRAINT worker_bookings_no_overlap;");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gist", ",,");
        }
    }
}

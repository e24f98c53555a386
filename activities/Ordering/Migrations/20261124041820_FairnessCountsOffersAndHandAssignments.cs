using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HelperPlatform.Activities.Ordering.Migrations
{
    /// <inheritdoc />
    public partial class FairnessCountsOffersAndHandAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "offer_id",
                schema: "ordering",
                table: "worker_bookings",
                type: "uuid",
                nullable: true);

            // Bookings made before this migration came from the offer the worker accepted, if there is one.
            migrationBuilder.Sql(
                """
                UPDATE ordering.worker_bookings AS b SET offer_id = o.id
                FROM ordering.offers AS o
                WHERE o.order_id = b.order_id AND o.worker_id = b.worker_id AND o.status = 'Accepted';
                """);

            migrationBuilder.CreateIndex(
                name: "ix_worker_bookings_worker_id_booked_at",
                schema: "ordering",
                table: "worker_bookings",
                columns: new[] { "worker_id", "booked_at" },
                filter: "offer_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_offers_worker_id_offered_at",
                schema: "ordering",
                table: "offers",
                columns: new[] { "worker_id", "offered_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "order_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_worker_bookings_worker_id_booked_at",
                schema: "ordering",
                table: "worker_bookings");

            migrationBuilder.DropIndex(
                name: "ix_offers_worker_id_offered_at",
                schema: "ordering",
                table: "offers");

            migrationBuilder.DropColumn(
                name: "offer_id",
                schema: "ordering",
                table: "worker_bookings");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AdminLock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LockedAt",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            // Admin locks used to be a LockoutEnd of DateTimeOffset.MaxValue (infinity here): carry them over.
            migrationBuilder.Sql(
                "UPDATE \"AspNetUsers\" SET \"LockedAt\" = now(), \"LockoutEnd\" = NULL WHERE \"LockoutEnd\" >= '9999-01-01T00:00:00Z'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LockedAt",
                table: "AspNetUsers");
        }
    }
}

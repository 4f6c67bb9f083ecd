using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            // Admin locks used to be a LockoutEnd of DateTimeOffset.MaxValue: carry them over.
            migrationBuilder.Sql(
                "UPDATE AspNetUsers SET LockedAt = CURRENT_TIMESTAMP, LockoutEnd = NULL WHERE LockoutEnd LIKE '9999-%'");
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

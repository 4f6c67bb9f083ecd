using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.SqlServer
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
                type: "datetime2",
                nullable: true);

            // Admin locks used to be a LockoutEnd of DateTimeOffset.MaxValue: carry them over.
            migrationBuilder.Sql(
                "UPDATE AspNetUsers SET LockedAt = SYSUTCDATETIME(), LockoutEnd = NULL WHERE LockoutEnd >= '9999-01-01T00:00:00+00:00'");
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

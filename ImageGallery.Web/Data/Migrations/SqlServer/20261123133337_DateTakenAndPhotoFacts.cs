using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DateTakenAndPhotoFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Facts",
                table: "Images",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SortKey",
                table: "Images",
                type: "datetime2",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "TakenAt",
                table: "Images",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "KeepPhotoLocation",
                table: "AspNetUsers",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // Existing images keep their place: ordered by upload time, as before.
            migrationBuilder.Sql("UPDATE Images SET SortKey = CreatedAt;");

            migrationBuilder.CreateIndex(
                name: "IX_Images_OwnerId_Status_SortKey_Id",
                table: "Images",
                columns: new[] { "OwnerId", "Status", "SortKey", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Images_OwnerId_Status_SortKey_Id",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Facts",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "SortKey",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "TakenAt",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "KeepPhotoLocation",
                table: "AspNetUsers");
        }
    }
}

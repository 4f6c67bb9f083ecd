using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AlbumDateTakenOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SortKey",
                table: "AlbumImages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Existing memberships take their image's SortKey (fixed since the image's row was made).
            migrationBuilder.Sql("""UPDATE "AlbumImages" m SET "SortKey" = i."SortKey" FROM "Images" i WHERE i."Id" = m."ImageId";""");

            migrationBuilder.CreateIndex(
                name: "IX_AlbumImages_AlbumId_SortKey_ImageId",
                table: "AlbumImages",
                columns: new[] { "AlbumId", "SortKey", "ImageId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AlbumImages_AlbumId_SortKey_ImageId",
                table: "AlbumImages");

            migrationBuilder.DropColumn(
                name: "SortKey",
                table: "AlbumImages");
        }
    }
}

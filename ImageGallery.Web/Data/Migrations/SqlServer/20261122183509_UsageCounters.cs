using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class UsageCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BytesUsed",
                table: "AspNetUsers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "ImageCount",
                table: "AspNetUsers",
                type: "int",
                nullable: false,
                defaultValue: 0);

            // Existing images count from the start.
            migrationBuilder.Sql(
                "UPDATE AspNetUsers SET " +
                "ImageCount = (SELECT COUNT(*) FROM Images WHERE Images.OwnerId = AspNetUsers.Id), " +
                "BytesUsed = (SELECT COALESCE(SUM(Size + COALESCE(ThumbnailSize, 0)), 0) FROM Images WHERE Images.OwnerId = AspNetUsers.Id);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BytesUsed",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ImageCount",
                table: "AspNetUsers");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DisplayCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DisplayContentType",
                table: "Images",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisplayKey",
                table: "Images",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DisplaySize",
                table: "Images",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DisplayWidth",
                table: "Images",
                type: "int",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DisplayContentType",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "DisplayKey",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "DisplaySize",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "DisplayWidth",
                table: "Images");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageGallery.Web.Data.Migrations.Postgres
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisplayKey",
                table: "Images",
                type: "character varying(300)",
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
                type: "integer",
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

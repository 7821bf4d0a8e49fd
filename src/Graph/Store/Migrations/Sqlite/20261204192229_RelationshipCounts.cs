using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RelationshipCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RelationshipCounts",
                columns: table => new
                {
                    NodeId = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FarKind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelationshipCounts", x => new { x.NodeId, x.Type, x.Direction, x.FarKind });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RelationshipCounts");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NodeCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NodeCounts",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NodeCounts", x => x.Kind);
                });

            // The counts of a store made before them; every load keeps them from now on (NodeCounts).
            migrationBuilder.Sql("""
                INSERT INTO "NodeCounts" ("Kind", "Count")
                SELECT 'Organisation', COUNT(*) FROM "Organisations"
                UNION ALL SELECT 'Model', COUNT(*) FROM "Models"
                UNION ALL SELECT 'ChallengeArea', COUNT(*) FROM "ChallengeAreas"
                UNION ALL SELECT 'Funder', COUNT(*) FROM "Funders"
                UNION ALL SELECT 'Outcome', COUNT(*) FROM "Outcomes"
                UNION ALL SELECT 'Evidence', COUNT(*) FROM "Evidence"
                UNION ALL SELECT 'Source', COUNT(*) FROM "Sources"
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NodeCounts");
        }
    }
}

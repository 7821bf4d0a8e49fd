using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AreaVerdicts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AreaVerdicts",
                columns: table => new
                {
                    AreaId = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ModelId = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    BestEvidenceLevel = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AreaVerdicts", x => new { x.AreaId, x.ModelId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_AreaVerdicts_ModelId",
                table: "AreaVerdicts",
                column: "ModelId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AreaVerdicts");
        }
    }
}

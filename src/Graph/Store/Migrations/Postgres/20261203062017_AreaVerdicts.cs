using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
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
                    AreaId = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    ModelId = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    Verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Rule = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    BestEvidenceLevel = table.Column<int>(type: "integer", nullable: true)
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

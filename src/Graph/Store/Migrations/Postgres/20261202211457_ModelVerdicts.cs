using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ModelVerdicts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModelVerdicts",
                columns: table => new
                {
                    ModelId = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    Verdict = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Rule = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelVerdicts", x => x.ModelId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVerdicts_Verdict",
                table: "ModelVerdicts",
                column: "Verdict");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelVerdicts");
        }
    }
}

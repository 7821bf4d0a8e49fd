using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AreaEvidenceStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EvidenceStatement",
                table: "ChallengeAreas",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EvidenceStatementSources",
                table: "ChallengeAreas",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EvidenceStatement",
                table: "ChallengeAreas");

            migrationBuilder.DropColumn(
                name: "EvidenceStatementSources",
                table: "ChallengeAreas");
        }
    }
}

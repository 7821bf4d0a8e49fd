using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EvidenceStatementSources",
                table: "ChallengeAreas",
                type: "TEXT",
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

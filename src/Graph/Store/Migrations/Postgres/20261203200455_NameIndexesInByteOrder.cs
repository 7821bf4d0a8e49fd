using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NameIndexesInByteOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_Name",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_Models_Name",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_ChallengeAreas_Name",
                table: "ChallengeAreas");

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Name",
                table: "Organisations",
                column: "Name")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_Models_Name",
                table: "Models",
                column: "Name")
                .Annotation("Relational:Collation", new[] { "C" });

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeAreas_Name",
                table: "ChallengeAreas",
                column: "Name")
                .Annotation("Relational:Collation", new[] { "C" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_Name",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_Models_Name",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_ChallengeAreas_Name",
                table: "ChallengeAreas");

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Name",
                table: "Organisations",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Models_Name",
                table: "Models",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_ChallengeAreas_Name",
                table: "ChallengeAreas",
                column: "Name");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <summary>Records which dataset created each record and made each source attribution; everything before came from seed-data.</summary>
    public partial class ProvenanceOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_RelationshipSources",
                table: "RelationshipSources");

            migrationBuilder.DropPrimaryKey(
                name: "PK_NodeSources",
                table: "NodeSources");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Sources",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Relationships",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "RelationshipSources",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Outcomes",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Organisations",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "NodeSources",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Models",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Funders",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Evidence",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "ChallengeAreas",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "seed");

            migrationBuilder.AddPrimaryKey(
                name: "PK_RelationshipSources",
                table: "RelationshipSources",
                columns: new[] { "RelationshipId", "SourceId", "Origin" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_NodeSources",
                table: "NodeSources",
                columns: new[] { "NodeId", "SourceId", "Origin" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_RelationshipSources",
                table: "RelationshipSources");

            migrationBuilder.DropPrimaryKey(
                name: "PK_NodeSources",
                table: "NodeSources");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Sources");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "RelationshipSources");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Outcomes");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "NodeSources");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Funders");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "ChallengeAreas");

            migrationBuilder.AddPrimaryKey(
                name: "PK_RelationshipSources",
                table: "RelationshipSources",
                columns: new[] { "RelationshipId", "SourceId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_NodeSources",
                table: "NodeSources",
                columns: new[] { "NodeId", "SourceId" });
        }
    }
}

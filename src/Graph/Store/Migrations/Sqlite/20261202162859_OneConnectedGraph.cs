using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneConnectedGraph : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReadValue",
                table: "Relationships",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RoleKind",
                table: "Relationships",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rule",
                table: "Relationships",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AlternativeNames",
                table: "Organisations",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DissolvedOn",
                table: "Organisations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormerNames",
                table: "Organisations",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "IncorporatedOn",
                table: "Organisations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Nation",
                table: "Organisations",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Postcode",
                table: "Organisations",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionRule",
                table: "Organisations",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sector",
                table: "Organisations",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SicCode",
                table: "Organisations",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SicDescription",
                table: "Organisations",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Organisations",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AlternativeNames",
                table: "Models",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sector",
                table: "Models",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AlternativeNames",
                table: "Funders",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormerNames",
                table: "Funders",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganisationId",
                table: "Funders",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_Status",
                table: "Organisations",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Funders_OrganisationId",
                table: "Funders",
                column: "OrganisationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_Status",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_Funders_OrganisationId",
                table: "Funders");

            migrationBuilder.DropColumn(
                name: "ReadValue",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "RoleKind",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "Rule",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "AlternativeNames",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "DissolvedOn",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "FormerNames",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "IncorporatedOn",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Nation",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Postcode",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "RegionRule",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Sector",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SicCode",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SicDescription",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "AlternativeNames",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "Sector",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "AlternativeNames",
                table: "Funders");

            migrationBuilder.DropColumn(
                name: "FormerNames",
                table: "Funders");

            migrationBuilder.DropColumn(
                name: "OrganisationId",
                table: "Funders");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EvidenceRatingsAndEffects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EffectSize",
                table: "Relationships",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Primary",
                table: "Relationships",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Significant",
                table: "Relationships",
                type: "boolean",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "RatingScale",
                table: "Evidence",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40);

            migrationBuilder.AlterColumn<string>(
                name: "RatingReason",
                table: "Evidence",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(4000)",
                oldMaxLength: 4000);

            migrationBuilder.AlterColumn<int>(
                name: "RatingLevel",
                table: "Evidence",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<string>(
                name: "OtherRatings",
                table: "Evidence",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "StudiesPooled",
                table: "Evidence",
                type: "integer",
                nullable: true);

            // A document a dataset listed is no longer rated until a curator appraises it: clear the level 1 that the
            // INDIGO import used to give every project document.
            migrationBuilder.Sql("""
                UPDATE "Evidence" SET "RatingScale" = NULL, "RatingLevel" = NULL, "RatingLabel" = NULL, "RatingReason" = NULL
                WHERE "Origin" = 'indigo' AND "RatingReason" LIKE 'Listed in INDIGO as %; not yet appraised'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EffectSize",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "Primary",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "Significant",
                table: "Relationships");

            migrationBuilder.DropColumn(
                name: "OtherRatings",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "StudiesPooled",
                table: "Evidence");

            migrationBuilder.AlterColumn<string>(
                name: "RatingScale",
                table: "Evidence",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "RatingReason",
                table: "Evidence",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(4000)",
                oldMaxLength: 4000,
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "RatingLevel",
                table: "Evidence",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}

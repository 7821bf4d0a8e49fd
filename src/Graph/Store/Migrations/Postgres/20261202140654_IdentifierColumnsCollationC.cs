using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>
    /// Ids, keys and the columns that refer to them compare and sort in collation "C" (byte order, as on SQLite),
    /// whatever the database's default collation; their indexes are rebuilt in that order. The search triggers that
    /// fire on an update of a node's "Id" are dropped for the change and created again as they were.
    /// </summary>
    public partial class IdentifierColumnsCollationC : Migration
    {
        // Table, kind, title column, other text columns: the search triggers as AddFullTextSearch created them.
        private static readonly (string Kind, string Table, string Title, string[] Body)[] Indexed =
        [
            ("Organisation", "Organisations", "Name", ["LegalForm", "Region", "Place", "Description"]),
            ("Model", "Models", "Name", ["Subtype", "Description"]),
            ("ChallengeArea", "ChallengeAreas", "Name", ["Description"]),
            ("Funder", "Funders", "Name", ["Description"]),
            ("Outcome", "Outcomes", "Name", ["Description"]),
            ("Evidence", "Evidence", "Title", ["Authors", "Publisher", "Summary"]),
            ("Source", "Sources", "Title", ["Publisher", "Note"]),
        ];

        private static void DropSearchUpdateTriggers(MigrationBuilder migrationBuilder)
        {
            foreach (var (_, table, _, _) in Indexed)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Update" ON "{table}";""");
            }
        }

        private static void CreateSearchUpdateTriggers(MigrationBuilder migrationBuilder)
        {
            foreach (var (kind, table, title, body) in Indexed)
            {
                var columns = string.Join(", ", body.Prepend(title).Prepend("Id").Select(c => $"\"{c}\""));
                var arguments = string.Join(", ", body.Prepend(title).Prepend(kind).Select(a => $"'{a}'"));
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Search_Update" AFTER UPDATE OF {columns} ON "{table}"
                    FOR EACH ROW EXECUTE FUNCTION search_document_sync({arguments});
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            DropSearchUpdateTriggers(migrationBuilder);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Sources",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "SearchDocuments",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "ToId",
                table: "Relationships",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "Relationships",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(400)",
                oldMaxLength: 400);

            migrationBuilder.AlterColumn<string>(
                name: "FromId",
                table: "Relationships",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Origin",
                table: "RelationshipSources",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40);

            migrationBuilder.AlterColumn<string>(
                name: "SourceId",
                table: "RelationshipSources",
                type: "character varying(120)",
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Outcomes",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Organisations",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Value",
                table: "OrganisationIdentifiers",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(60)",
                oldMaxLength: 60);

            migrationBuilder.AlterColumn<string>(
                name: "Scheme",
                table: "OrganisationIdentifiers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AlterColumn<string>(
                name: "OrganisationId",
                table: "OrganisationIdentifiers",
                type: "character varying(120)",
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)");

            migrationBuilder.AlterColumn<string>(
                name: "Origin",
                table: "NodeSources",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40);

            migrationBuilder.AlterColumn<string>(
                name: "SourceId",
                table: "NodeSources",
                type: "character varying(120)",
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)");

            migrationBuilder.AlterColumn<string>(
                name: "NodeId",
                table: "NodeSources",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Models",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Funders",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Evidence",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            migrationBuilder.AlterColumn<string>(
                name: "ParentId",
                table: "ChallengeAreas",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "ChallengeAreas",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120);

            CreateSearchUpdateTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropSearchUpdateTriggers(migrationBuilder);

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Sources",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "SearchDocuments",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "ToId",
                table: "Relationships",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Key",
                table: "Relationships",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(400)",
                oldMaxLength: 400,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "FromId",
                table: "Relationships",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Origin",
                table: "RelationshipSources",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "SourceId",
                table: "RelationshipSources",
                type: "character varying(120)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Outcomes",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Organisations",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Value",
                table: "OrganisationIdentifiers",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(60)",
                oldMaxLength: 60,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Scheme",
                table: "OrganisationIdentifiers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "OrganisationId",
                table: "OrganisationIdentifiers",
                type: "character varying(120)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Origin",
                table: "NodeSources",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(40)",
                oldMaxLength: 40,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "SourceId",
                table: "NodeSources",
                type: "character varying(120)",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "NodeId",
                table: "NodeSources",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Models",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Funders",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "Evidence",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "ParentId",
                table: "ChallengeAreas",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "Id",
                table: "ChallengeAreas",
                type: "character varying(120)",
                maxLength: 120,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(120)",
                oldMaxLength: 120,
                oldCollation: "C");

            CreateSearchUpdateTriggers(migrationBuilder);
        }
    }
}

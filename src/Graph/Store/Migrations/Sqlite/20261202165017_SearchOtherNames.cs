using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <summary>
    /// Other names are searchable as the name is: SearchDocuments gains "Names" (a node's former and alternative names,
    /// one per line), written by the node triggers of organisations, funders and models, and the FTS5 table indexes
    /// the title and the names as its Title column. SearchIndex is contentless, so it is made again from SearchDocuments.
    /// </summary>
    public partial class SearchOtherNames : Migration
    {
        // Kind, table, title column, name columns, other text columns: the kinds that have other names. Frozen here: a
        // later change of what is searchable is a new migration.
        private static readonly (string Kind, string Table, string Title, string[] Names, string[] Body)[] Named =
        [
            ("Organisation", "Organisations", "Name", ["FormerNames", "AlternativeNames"], ["LegalForm", "Region", "Place", "Description"]),
            ("Model", "Models", "Name", ["AlternativeNames"], ["Subtype", "Description"]),
            ("Funder", "Funders", "Name", ["FormerNames", "AlternativeNames"], ["Description"]),
        ];

        // As AddFullTextSearch folds them: the letters FTS5's tokenizer does not fold itself.
        internal static readonly (string Letter, string Plain)[] Letters =
        [
            ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("ø", "o"), ("Ø", "o"), ("đ", "d"), ("Đ", "d"), ("ł", "l"),
            ("Ł", "l"), ("œ", "oe"), ("Œ", "oe"), ("ð", "d"), ("Ð", "d"), ("þ", "th"), ("Þ", "th"), ("ı", "i"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Names",
                table: "SearchDocuments",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            DropIndex(migrationBuilder);
            foreach (var (kind, table, title, names, body) in Named)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Insert";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Update";""");
                migrationBuilder.Sql($"""
                    UPDATE "SearchDocuments" SET "Names" = (SELECT {Joined(names, "n")} FROM "{table}" AS n WHERE n."Id" = "SearchDocuments"."Key")
                    WHERE "Kind" = '{kind}';
                    """);
                CreateNodeTriggers(migrationBuilder, kind, table, title, names, body);
            }

            CreateIndex(migrationBuilder, withNames: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropIndex(migrationBuilder);
            foreach (var (kind, table, title, _, body) in Named)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Insert";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Update";""");
                CreateNodeTriggers(migrationBuilder, kind, table, title, [], body);
            }

            // SQLite's own DROP COLUMN: EF Core's table rebuild would rename a table the node triggers refer to.
            migrationBuilder.Sql("""ALTER TABLE "SearchDocuments" DROP COLUMN "Names";""");
            CreateIndex(migrationBuilder, withNames: false);
        }

        private static void DropIndex(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "SearchDocuments_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "SearchDocuments_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "SearchDocuments_Delete";""");
            migrationBuilder.Sql("""DROP TABLE "SearchIndex";""");
        }

        /// <summary>SearchIndex, filled from SearchDocuments, and the triggers that keep it; its Title column holds the title and, with <paramref name="withNames"/>, the names.</summary>
        private static void CreateIndex(MigrationBuilder migrationBuilder, bool withNames)
        {
            string Title(string row) => Fold(withNames ? $"{row}.\"Title\" || char(10) || {row}.\"Names\"" : $"{row}.\"Title\"");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchIndex" USING fts5(
                    Title, Body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql($"""
                INSERT INTO "SearchIndex" (rowid, Title, Body) SELECT d."Id", {Title("d")}, {Fold("d.\"Body\"")} FROM "SearchDocuments" AS d;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Insert" AFTER INSERT ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex" (rowid, Title, Body) VALUES (new."Id", {Title("new")}, {Fold("new.\"Body\"")});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Update" AFTER UPDATE ON "SearchDocuments" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id";
                    INSERT INTO "SearchIndex" (rowid, Title, Body) VALUES (new."Id", {Title("new")}, {Fold("new.\"Body\"")});
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchDocuments_Delete" AFTER DELETE ON "SearchDocuments" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id";
                END;
                """);
        }

        /// <summary>A node table's insert and update triggers, as AddFullTextSearch made them, writing the names too when there are name columns.</summary>
        private static void CreateNodeTriggers(MigrationBuilder migrationBuilder, string kind, string table, string title, string[] names, string[] body)
        {
            string Body(string row) => $"concat_ws(' ', {string.Join(", ", body.Select(c => $"{row}.\"{c}\""))})";
            var columns = string.Join(", ", body.Concat(names).Prepend(title).Prepend("Id").Select(c => $"\"{c}\""));
            var (namesColumn, namesValue, namesSet) = names.Length == 0
                ? ("", "", "")
                : (", \"Names\"", $", {Joined(names, "new")}", $", \"Names\" = {Joined(names, "new")}");
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_Search_Insert" AFTER INSERT ON "{table}" BEGIN
                    INSERT INTO "SearchDocuments" ("Kind", "Key", "Title"{namesColumn}, "Body") VALUES ('{kind}', new."Id", new."{title}"{namesValue}, {Body("new")});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_Search_Update" AFTER UPDATE OF {columns} ON "{table}" BEGIN
                    UPDATE "SearchDocuments" SET "Key" = new."Id", "Title" = new."{title}"{namesSet}, "Body" = {Body("new")}
                    WHERE "Kind" = '{kind}' AND "Key" = old."Id";
                END;
                """);
        }

        /// <summary>The name columns of a row as one text, one name per line; empty when all are null.</summary>
        private static string Joined(string[] names, string row) =>
            $"concat_ws(char(10), {string.Join(", ", names.Select(c => $"{row}.\"{c}\""))})";

        /// <summary>The SQL expression of a text as indexed: <see cref="Letters"/> replaced.</summary>
        internal static string Fold(string text) =>
            Letters.Aggregate(text, (expression, letter) => $"replace({expression}, '{letter.Letter}', '{letter.Plain}')");
    }
}

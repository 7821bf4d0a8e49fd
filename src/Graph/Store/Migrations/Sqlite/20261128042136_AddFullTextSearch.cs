using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search: SearchDocuments holds each node's searchable text, kept by triggers on the node tables,
    /// and the FTS5 table SearchIndex indexes it (kept by triggers on SearchDocuments). Existing nodes are indexed here.
    /// </summary>
    public partial class AddFullTextSearch : Migration
    {
        // Kind, table, title column, other text columns. Frozen here: a later change of what is searchable is a new migration.
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

        // FTS5's unicode61 tokenizer folds case and diacritics ("É" to "e") but not letters without a decomposition;
        // these follow AccentFolding, as the query side does, so "strasse" finds "Straße" as "ß" is indexed as "ss".
        private static readonly (string Letter, string Plain)[] Letters =
        [
            ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("ø", "o"), ("Ø", "o"), ("đ", "d"), ("Đ", "d"), ("ł", "l"),
            ("Ł", "l"), ("œ", "oe"), ("Œ", "oe"), ("ð", "d"), ("Ð", "d"), ("þ", "th"), ("Þ", "th"), ("ı", "i"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchDocuments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchDocuments_Kind_Key",
                table: "SearchDocuments",
                columns: new[] { "Kind", "Key" },
                unique: true);

            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchIndex" USING fts5(
                    Title, Body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Insert" AFTER INSERT ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex" (rowid, Title, Body) VALUES (new."Id", {Fold("new.\"Title\"")}, {Fold("new.\"Body\"")});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Update" AFTER UPDATE ON "SearchDocuments" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id";
                    INSERT INTO "SearchIndex" (rowid, Title, Body) VALUES (new."Id", {Fold("new.\"Title\"")}, {Fold("new.\"Body\"")});
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchDocuments_Delete" AFTER DELETE ON "SearchDocuments" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id";
                END;
                """);

            foreach (var (kind, table, title, body) in Indexed)
            {
                string Body(string row) => $"concat_ws(' ', {string.Join(", ", body.Select(c => $"{row}.\"{c}\""))})";
                var columns = string.Join(", ", body.Prepend(title).Prepend("Id").Select(c => $"\"{c}\""));
                migrationBuilder.Sql($"""
                    INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Body")
                    SELECT '{kind}', n."Id", n."{title}", {Body("n")} FROM "{table}" AS n;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Search_Insert" AFTER INSERT ON "{table}" BEGIN
                        INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Body") VALUES ('{kind}', new."Id", new."{title}", {Body("new")});
                    END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Search_Update" AFTER UPDATE OF {columns} ON "{table}" BEGIN
                        UPDATE "SearchDocuments" SET "Key" = new."Id", "Title" = new."{title}", "Body" = {Body("new")}
                        WHERE "Kind" = '{kind}' AND "Key" = old."Id";
                    END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Search_Delete" AFTER DELETE ON "{table}" BEGIN
                        DELETE FROM "SearchDocuments" WHERE "Kind" = '{kind}' AND "Key" = old."Id";
                    END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (_, table, _, _) in Indexed)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Insert";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Update";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Delete";""");
            }

            migrationBuilder.Sql("""DROP TABLE "SearchIndex";""");
            migrationBuilder.DropTable(
                name: "SearchDocuments");
        }

        /// <summary>The SQL expression of a text as indexed: <see cref="Letters"/> replaced.</summary>
        private static string Fold(string text) =>
            Letters.Aggregate(text, (expression, letter) => $"replace({expression}, '{letter.Letter}', '{letter.Plain}')");
    }
}

using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>
    /// Full-text search: SearchDocuments holds each node's searchable text, kept by triggers on the node tables,
    /// with a generated tsvector column "Vector" (title words weighted A, the rest B) under a GIN index. Existing
    /// nodes are indexed here.
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

        // AccentFolding's table, so that the index folds exactly as the query side does (unaccent is not immutable,
        // so a generated column cannot use it, and it is an extension a server may not have).
        private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž";
        private const string Plain = "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz";

        private static readonly (string Letter, string Plain)[] Letters =
        [
            ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("ø", "o"), ("Ø", "o"), ("đ", "d"), ("Đ", "d"), ("ł", "l"),
            ("Ł", "l"), ("œ", "oe"), ("Œ", "oe"), ("ð", "d"), ("Ð", "d"), ("þ", "th"), ("Þ", "th"), ("ı", "i"),
        ];

        /// <summary>
        /// <paramref name="value"/> folded, lower case, and every run of characters other than a-z and 0-9 made one
        /// space: the words are then what FTS5's unicode61 tokenizer gives on SQLite, whatever the database's locale.
        /// </summary>
        public static string SearchFold(string value)
        {
            var replaced = Letters.Aggregate(value, (expression, letter) => $"replace({expression}, '{letter.Letter}', '{letter.Plain}')");
            return $"regexp_replace(lower(translate({replaced}, '{Accented}', '{Plain}')), '[^a-z0-9]+', ' ', 'g')";
        }

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false)
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

            migrationBuilder.Sql($"""
                CREATE FUNCTION search_fold(value text) RETURNS text
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT {SearchFold("value")} $$;
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "SearchDocuments" ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce(search_fold("Title"), '')), 'A')
                    || setweight(to_tsvector('simple', coalesce(search_fold("Body"), '')), 'B')) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_SearchDocuments_Vector" ON "SearchDocuments" USING GIN ("Vector");""");

            // One trigger function for every node table; its arguments name the kind, the title column and the other text columns.
            migrationBuilder.Sql("""
                CREATE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    fields jsonb;
                    body text;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM "SearchDocuments" WHERE "Kind" = TG_ARGV[0] AND "Key" = OLD."Id";
                        RETURN NULL;
                    END IF;
                    fields := to_jsonb(NEW);
                    FOR i IN 2 .. TG_NARGS - 1 LOOP
                        body := concat_ws(' ', body, fields ->> TG_ARGV[i]);
                    END LOOP;
                    IF TG_OP = 'UPDATE' THEN
                        UPDATE "SearchDocuments" SET "Key" = NEW."Id", "Title" = fields ->> TG_ARGV[1], "Body" = coalesce(body, '')
                        WHERE "Kind" = TG_ARGV[0] AND "Key" = OLD."Id";
                    ELSE
                        INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Body")
                        VALUES (TG_ARGV[0], NEW."Id", fields ->> TG_ARGV[1], coalesce(body, ''));
                    END IF;
                    RETURN NULL;
                END $$;
                """);

            foreach (var (kind, table, title, body) in Indexed)
            {
                var columns = string.Join(", ", body.Prepend(title).Prepend("Id").Select(c => $"\"{c}\""));
                var arguments = string.Join(", ", body.Prepend(title).Prepend(kind).Select(a => $"'{a}'"));
                migrationBuilder.Sql($"""
                    INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Body")
                    SELECT '{kind}', n."Id", n."{title}", concat_ws(' ', {string.Join(", ", body.Select(c => $"n.\"{c}\""))}) FROM "{table}" AS n;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Search_Insert_Delete" AFTER INSERT OR DELETE ON "{table}"
                    FOR EACH ROW EXECUTE FUNCTION search_document_sync({arguments});
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_Search_Update" AFTER UPDATE OF {columns} ON "{table}"
                    FOR EACH ROW EXECUTE FUNCTION search_document_sync({arguments});
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (_, table, _, _) in Indexed)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Insert_Delete" ON "{table}";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Update" ON "{table}";""");
            }

            migrationBuilder.Sql("DROP FUNCTION search_document_sync();");
            migrationBuilder.DropTable(
                name: "SearchDocuments");

            migrationBuilder.Sql("DROP FUNCTION search_fold(text);");
        }
    }
}

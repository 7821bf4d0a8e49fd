using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>
    /// Other names are searchable as the name is: SearchDocuments gains "Names" (a node's former and alternative names,
    /// one per line), and "Vector" weights the names A, as the title. The trigger function search_document_sync takes
    /// the name columns as its third argument (comma-separated, empty for kinds without other names), so every node
    /// table's triggers are made again with it.
    /// </summary>
    public partial class SearchOtherNames : Migration
    {
        // Kind, table, title column, name columns, other text columns. Frozen here: a later change of what is
        // searchable is a new migration.
        private static readonly (string Kind, string Table, string Title, string[] Names, string[] Body)[] Indexed =
        [
            ("Organisation", "Organisations", "Name", ["FormerNames", "AlternativeNames"], ["LegalForm", "Region", "Place", "Description"]),
            ("Model", "Models", "Name", ["AlternativeNames"], ["Subtype", "Description"]),
            ("ChallengeArea", "ChallengeAreas", "Name", [], ["Description"]),
            ("Funder", "Funders", "Name", ["FormerNames", "AlternativeNames"], ["Description"]),
            ("Outcome", "Outcomes", "Name", [], ["Description"]),
            ("Evidence", "Evidence", "Title", [], ["Authors", "Publisher", "Summary"]),
            ("Source", "Sources", "Title", [], ["Publisher", "Note"]),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Names",
                table: "SearchDocuments",
                type: "text",
                nullable: false,
                defaultValue: "");

            DropTriggers(migrationBuilder);
            migrationBuilder.Sql("""ALTER TABLE "SearchDocuments" DROP COLUMN "Vector";""");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    fields jsonb;
                    names text;
                    body text;
                    name_column text;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM "SearchDocuments" WHERE "Kind" = TG_ARGV[0] AND "Key" = OLD."Id";
                        RETURN NULL;
                    END IF;
                    fields := to_jsonb(NEW);
                    -- As concat_ws(E'\n', column, ...) over the name columns: the values that are not null, one per line.
                    FOREACH name_column IN ARRAY string_to_array(TG_ARGV[2], ',') LOOP
                        IF fields ->> name_column IS NOT NULL THEN
                            names := concat_ws(E'\n', names, fields ->> name_column);
                        END IF;
                    END LOOP;
                    FOR i IN 3 .. TG_NARGS - 1 LOOP
                        body := concat_ws(' ', body, fields ->> TG_ARGV[i]);
                    END LOOP;
                    IF TG_OP = 'UPDATE' THEN
                        UPDATE "SearchDocuments" SET "Key" = NEW."Id", "Title" = fields ->> TG_ARGV[1], "Names" = coalesce(names, ''), "Body" = coalesce(body, '')
                        WHERE "Kind" = TG_ARGV[0] AND "Key" = OLD."Id";
                    ELSE
                        INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Names", "Body")
                        VALUES (TG_ARGV[0], NEW."Id", fields ->> TG_ARGV[1], coalesce(names, ''), coalesce(body, ''));
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            foreach (var (kind, table, _, names, _) in Indexed.Where(i => i.Names.Length > 0))
            {
                migrationBuilder.Sql($"""
                    UPDATE "SearchDocuments" AS d SET "Names" = concat_ws(E'\n', {string.Join(", ", names.Select(c => $"n.\"{c}\""))})
                    FROM "{table}" AS n
                    WHERE d."Kind" = '{kind}' AND d."Key" = n."Id";
                    """);
            }

            AddVector(migrationBuilder, """search_fold("Title" || ' ' || "Names")""");
            foreach (var (kind, table, title, names, body) in Indexed)
            {
                CreateTriggers(migrationBuilder, table, body.Concat(names).Prepend(title), [kind, title, string.Join(",", names), .. body]);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropTriggers(migrationBuilder);
            migrationBuilder.Sql("""ALTER TABLE "SearchDocuments" DROP COLUMN "Vector";""");
            migrationBuilder.DropColumn(
                name: "Names",
                table: "SearchDocuments");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
            AddVector(migrationBuilder, """search_fold("Title")""");
            foreach (var (kind, table, title, _, body) in Indexed)
            {
                CreateTriggers(migrationBuilder, table, body.Prepend(title), [kind, title, .. body]);
            }
        }

        private static void DropTriggers(MigrationBuilder migrationBuilder)
        {
            foreach (var (_, table, _, _, _) in Indexed)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Insert_Delete" ON "{table}";""");
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_Search_Update" ON "{table}";""");
            }
        }

        /// <summary>The generated tsvector: <paramref name="titleText"/> weighted A, the body B; and its GIN index.</summary>
        private static void AddVector(MigrationBuilder migrationBuilder, string titleText)
        {
            migrationBuilder.Sql($"""
                ALTER TABLE "SearchDocuments" ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce({titleText}, '')), 'A')
                    || setweight(to_tsvector('simple', coalesce(search_fold("Body"), '')), 'B')) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_SearchDocuments_Vector" ON "SearchDocuments" USING GIN ("Vector");""");
        }

        /// <summary>A node table's triggers, firing on an update of <paramref name="updatedColumns"/> or the id, with the function's arguments.</summary>
        private static void CreateTriggers(MigrationBuilder migrationBuilder, string table, IEnumerable<string> updatedColumns, string[] arguments)
        {
            var columns = string.Join(", ", updatedColumns.Prepend("Id").Select(c => $"\"{c}\""));
            var quoted = string.Join(", ", arguments.Select(a => $"'{a}'"));
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_Search_Insert_Delete" AFTER INSERT OR DELETE ON "{table}"
                FOR EACH ROW EXECUTE FUNCTION search_document_sync({quoted});
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_Search_Update" AFTER UPDATE OF {columns} ON "{table}"
                FOR EACH ROW EXECUTE FUNCTION search_document_sync({quoted});
                """);
        }
    }
}

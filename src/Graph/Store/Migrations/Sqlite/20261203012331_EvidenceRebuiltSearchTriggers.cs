using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvidenceRebuiltSearchTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite cannot drop NOT NULL in place, so EvidenceRatingsAndEffects rebuilt the Evidence table, which loses its
            // triggers. A migration of its own runs after that rebuild: the search triggers of AddFullTextSearch are made
            // again as they were, and the evidence's search documents written anew.
            const string body = """concat_ws(' ', {0}."Authors", {0}."Publisher", {0}."Summary")""";
            migrationBuilder.Sql("""DELETE FROM "SearchDocuments" WHERE "Kind" = 'Evidence';""");
            migrationBuilder.Sql($"""
                INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Body")
                SELECT 'Evidence', n."Id", n."Title", {string.Format(body, "n")} FROM "Evidence" AS n;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Evidence_Search_Insert" AFTER INSERT ON "Evidence" BEGIN
                    INSERT INTO "SearchDocuments" ("Kind", "Key", "Title", "Body") VALUES ('Evidence', new."Id", new."Title", {string.Format(body, "new")});
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "Evidence_Search_Update" AFTER UPDATE OF "Id", "Title", "Authors", "Publisher", "Summary" ON "Evidence" BEGIN
                    UPDATE "SearchDocuments" SET "Key" = new."Id", "Title" = new."Title", "Body" = {string.Format(body, "new")}
                    WHERE "Kind" = 'Evidence' AND "Key" = old."Id";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Evidence_Search_Delete" AFTER DELETE ON "Evidence" BEGIN
                    DELETE FROM "SearchDocuments" WHERE "Kind" = 'Evidence' AND "Key" = old."Id";
                END;
                """);

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
            migrationBuilder.Sql("""DROP TRIGGER "Evidence_Search_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "Evidence_Search_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "Evidence_Search_Delete";""");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Sqlite
{
    /// <summary>
    /// Search serves the words it is given as prefixes from indexes of prefixes. Every query word is a prefix ("place"
    /// matches "placement"); without an index of prefixes FTS5 merges the document lists of every word a prefix starts
    /// before it can use any, and a word found in most documents makes that the whole cost of a search. SearchIndex is
    /// made again with prefix indexes of 2 to 6 characters, and a second index, SearchTitles, holds only the titles and
    /// other names, also with prefixes, for the ranking's questions about titles, which used to read the whole text's
    /// document lists and keep the title's part. Measured at 10^5 nodes: the index grows from 7.2 to 35.6 MB, the
    /// titles' index takes 6.6 MB, and the benchmark's search statement takes 0.4 ms instead of 4.8 ms.
    /// </summary>
    public partial class SearchPrefixIndexes : Migration
    {
        private const string Prefixes = "prefix = '2 3 4 5 6'";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            DropIndexes(migrationBuilder, withTitles: false);
            CreateIndexes(migrationBuilder, Prefixes, withTitles: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropIndexes(migrationBuilder, withTitles: true);
            CreateIndexes(migrationBuilder, prefixes: null, withTitles: false);
        }

        private static void DropIndexes(MigrationBuilder migrationBuilder, bool withTitles)
        {
            migrationBuilder.Sql("""DROP TRIGGER "SearchDocuments_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "SearchDocuments_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "SearchDocuments_Delete";""");
            migrationBuilder.Sql("""DROP TABLE "SearchIndex";""");
            if (withTitles)
            {
                migrationBuilder.Sql("""DROP TABLE "SearchTitles";""");
            }
        }

        /// <summary>
        /// SearchIndex (the title with the other names, and the body) and, with <paramref name="withTitles"/>,
        /// SearchTitles (the title with the other names alone), filled from SearchDocuments, and the triggers that keep them.
        /// </summary>
        private static void CreateIndexes(MigrationBuilder migrationBuilder, string prefixes, bool withTitles)
        {
            var options = $"content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'{(prefixes is null ? "" : $", {prefixes}")}";
            string Title(string row) => SearchOtherNames.Fold($"{row}.\"Title\" || char(10) || {row}.\"Names\"");
            string Body(string row) => SearchOtherNames.Fold($"{row}.\"Body\"");
            migrationBuilder.Sql($"""CREATE VIRTUAL TABLE "SearchIndex" USING fts5(Title, Body, {options});""");
            migrationBuilder.Sql($"""INSERT INTO "SearchIndex" (rowid, Title, Body) SELECT d."Id", {Title("d")}, {Body("d")} FROM "SearchDocuments" AS d;""");
            var insertTitle = "";
            var deleteTitle = "";
            if (withTitles)
            {
                migrationBuilder.Sql($"""CREATE VIRTUAL TABLE "SearchTitles" USING fts5(Title, {options});""");
                migrationBuilder.Sql($"""INSERT INTO "SearchTitles" (rowid, Title) SELECT d."Id", {Title("d")} FROM "SearchDocuments" AS d;""");
                insertTitle = $"""INSERT INTO "SearchTitles" (rowid, Title) VALUES (new."Id", {Title("new")});""";
                deleteTitle = """DELETE FROM "SearchTitles" WHERE rowid = old."Id";""";
            }

            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Insert" AFTER INSERT ON "SearchDocuments" BEGIN
                    INSERT INTO "SearchIndex" (rowid, Title, Body) VALUES (new."Id", {Title("new")}, {Body("new")});
                    {insertTitle}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Update" AFTER UPDATE ON "SearchDocuments" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id";
                    INSERT INTO "SearchIndex" (rowid, Title, Body) VALUES (new."Id", {Title("new")}, {Body("new")});
                    {deleteTitle}
                    {insertTitle}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "SearchDocuments_Delete" AFTER DELETE ON "SearchDocuments" BEGIN
                    DELETE FROM "SearchIndex" WHERE rowid = old."Id";
                    {deleteTitle}
                END;
                """);
        }
    }
}

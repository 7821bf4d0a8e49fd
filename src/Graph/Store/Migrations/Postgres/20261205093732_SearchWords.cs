using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>
    /// "SearchWords": every word the search vectors hold, kept by triggers on "SearchDocuments" (each statement's new
    /// and changed rows, whoever writes them: the nodes' triggers or the bulk writer) and filled here from the vectors
    /// there are. A search asks a word it takes as the start of others as the words that start with it (see
    /// SearchIndex), which the GIN index finds as they are; a prefix itself ('synthetic:*') is a partial match, which
    /// reads every entry of every word it covers. On 10^6 nodes, "synthetic place 0037" took 60-100 ms as prefixes and
    /// about 1.5 ms as words (psql). A word no longer in any vector stays, and matches nothing. A change to
    /// search_fold that makes other words must fill the table again.
    /// </summary>
    public partial class SearchWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "SearchWords" ("Word" text COLLATE "C" NOT NULL, CONSTRAINT "PK_SearchWords" PRIMARY KEY ("Word"));

                CREATE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SearchWords" ("Word")
                    SELECT DISTINCT w.word FROM written, unnest(tsvector_to_array(written."Vector")) AS w(word)
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER search_words_on_insert AFTER INSERT ON "SearchDocuments"
                    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();
                CREATE TRIGGER search_words_on_update AFTER UPDATE ON "SearchDocuments"
                    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();

                INSERT INTO "SearchWords" ("Word")
                SELECT DISTINCT unnest(tsvector_to_array("Vector")) FROM "SearchDocuments";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER search_words_on_update ON "SearchDocuments";
                DROP TRIGGER search_words_on_insert ON "SearchDocuments";
                DROP FUNCTION search_words_add();
                DROP TABLE "SearchWords";
                """);
        }
    }
}

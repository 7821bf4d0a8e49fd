namespace SocialEconomy.Graph.Store;

/// <summary>
/// The SQL of a trigram index (pg_trgm, PostgreSQL) on a table's folded names, which serves the text conditions of a
/// filter (<c>name: { contains: "..." }</c>, startsWith, endsWith) without reading every name. It is an index only:
/// where pg_trgm is not installed on the server, or the role may not create it, the statement says so in a notice and
/// goes on, and the same answers come from reading the names. The migrations that add one call it.
/// </summary>
public static class TrigramIndex
{
    public static string Name(string table) => $"IX_{table}_NameTrigrams";

    public static string Create(string table)
    {
        var index = $"""CREATE INDEX "{Name(table)}" ON "{table}" USING gin ({TextFolding.SqlFunction}("Name") gin_trgm_ops)""";
        return $"""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
                    RAISE NOTICE 'pg_trgm is not installed on this server, so {table}'' names get no trigram index: text conditions on them read every name.';
                    RETURN;
                END IF;
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                {index};
                -- The planner's statistics of the folded names come with the index: without them it took a fragment
                -- every name holds for one few do, and found all 74,992 organisations' names through the trigram index
                -- to sort them for a page of 20, where reading the names in order stops after 21 (108 against 49 ms at
                -- 10^5 nodes).
                ANALYZE "{table}";
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE 'This role may not create the extension pg_trgm (%), so {table}'' names get no trigram index: text conditions on them read every name. To add it, a database owner runs: CREATE EXTENSION pg_trgm; {index};', SQLERRM;
            END $$;
            """;
    }

    public static string Drop(string table) => $"""DROP INDEX IF EXISTS "{Name(table)}";""";
}

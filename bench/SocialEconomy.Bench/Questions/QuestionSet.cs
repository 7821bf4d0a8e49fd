using System.Globalization;
using System.Text.Json.Nodes;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using static SocialEconomy.Bench.Questions.Question;

namespace SocialEconomy.Bench.Questions;

/// <summary>The seven questions of the benchmark, as the examples in schema/examples ask them, with their direct SQL.</summary>
public static class QuestionSet
{
    public const string Headline = "headline question";
    public const string OrganisationPage = "organisation page";
    public const string Search = "search";
    public const string ComparableModels = "comparable models";
    public const string Neighbourhood = "depth-2 neighbourhood";
    public const string Path = "path";
    public const string EvidenceMap = "evidence map";

    public static IReadOnlyList<string> Names { get; } = [Headline, OrganisationPage, Search, ComparableModels, Neighbourhood, Path, EvidenceMap];

    public static IReadOnlyList<Question> For(Targets targets, StoreProvider provider)
    {
        var postgres = provider == StoreProvider.Postgres;
        string Agg(string expression) => postgres ? $"string_agg({expression}, ' ')" : $"group_concat({expression}, ' ')";
        return
        [
            HeadlineQuestion(targets, Agg),
            OrganisationPageQuestion(targets, Agg),
            SearchQuestion(targets, postgres),
            ComparableModelsQuestion(targets, postgres),
            NeighbourhoodQuestion(targets, postgres, Agg),
            PathQuestion(targets),
            EvidenceMapQuestion(targets),
        ];
    }

    private static Question HeadlineQuestion(Targets targets, Func<string, string> agg) => new(
        Headline,
        $"co-operative models with evidence in \"{targets.AreaName}\" (the area with the most evidence), first page of 50, their evidence, ratings and sources",
        $$"""
        { models(where: { family: { eq: CO_OPERATIVE },
                          evidence: { some: { challengeAreas: { some: { name: { contains: "{{targets.AreaName}}" } } } } } }) {
            totalCount nodes { name evidence { title rating { scale level } sources { url } } } } }
        """,
        data =>
        {
            var models = data["models"]!;
            var rows = models["nodes"]!.AsArray().Sum(m => m!["evidence"]!.AsArray() is { Count: > 0 } evidence
                ? evidence.Sum(e => Math.Max(1, e!["sources"]!.AsArray().Count))
                : 1);
            return $"total={models["totalCount"]};rows={rows}";
        },
        """
        WITH matched AS (
            SELECT m."Id", m."Name" FROM "Models" m
            WHERE m."Family" = 'CoOperative' AND EXISTS (
                SELECT 1 FROM "Relationships" ev
                JOIN "Relationships" ein ON ein."FromId" = ev."FromId" AND ein."Type" = 'EvidenceIn'
                JOIN "ChallengeAreas" a ON a."Id" = ein."ToId"
                WHERE ev."ToId" = m."Id" AND ev."Type" = 'Evaluates' AND lower(a."Name") LIKE @pattern)
        ),
        page AS (SELECT "Id", "Name", COUNT(*) OVER () AS total FROM matched ORDER BY "Id" LIMIT 50)
        SELECT page."Id", page."Name", page.total, e."Title", e."RatingScale", e."RatingLevel", s."Url"
        FROM page
        LEFT JOIN "Relationships" ev ON ev."ToId" = page."Id" AND ev."Type" = 'Evaluates'
        LEFT JOIN "Evidence" e ON e."Id" = ev."FromId"
        LEFT JOIN "NodeSources" ns ON ns."NodeId" = e."Id"
        LEFT JOIN "Sources" s ON s."Id" = ns."SourceId"
        ORDER BY page."Id", e."Id", s."Id"
        """,
        new Dictionary<string, object> { ["pattern"] = $"%{targets.AreaName.ToLowerInvariant()}%" },
        rows => $"total={(rows.Count == 0 ? 0 : Convert.ToInt64(rows[0][2], CultureInfo.InvariantCulture))};rows={rows.Count}");

    /// <summary>The organisation-profile example of schema/examples for one organisation: a realistic, nested document.</summary>
    public static string OrganisationProfile(string key) => $$"""
        query OrganisationProfile {
          organisations(where: { key: { eq: "{{key}}" } }) {
            nodes {
              name region
              models { name family }
              fundings { funder { name kind } amount currency year instrument note sources { title url } }
              challengeAreas { name parent { name } }
              evidence { title year rating { scale level reason } findings { outcome { name } effect note sources { url } } }
              sources { title url }
            }
          }
        }
        """;

    private static Question OrganisationPageQuestion(Targets targets, Func<string, string> agg) => new(
        OrganisationPage,
        $"the profile of {targets.Organisation} (a typical organisation): models, fundings with funders and sources, areas, evidence with findings, sources",
        OrganisationProfile(targets.Organisation),
        data =>
        {
            var o = data["organisations"]!["nodes"]![0]!;
            var evidence = o["evidence"]!.AsArray();
            return $"models={o["models"]!.AsArray().Count};fundings={o["fundings"]!.AsArray().Count};areas={o["challengeAreas"]!.AsArray().Count};"
                + $"evidence={evidence.Count};findings={evidence.Sum(e => e!["findings"]!.AsArray().Count)};sources={o["sources"]!.AsArray().Count}";
        },
        $"""
        SELECT 'M' AS part, m."Name", m."Family", CAST(NULL AS NUMERIC), CAST(NULL AS TEXT)
            FROM "Relationships" r JOIN "Models" m ON m."Id" = r."ToId" WHERE r."FromId" = @id AND r."Type" = 'Runs'
        UNION ALL SELECT 'F', f."Name", f."FunderKind", r."Amount",
            (SELECT {agg("s.\"Url\"")} FROM "RelationshipSources" rs JOIN "Sources" s ON s."Id" = rs."SourceId" WHERE rs."RelationshipId" = r."Id")
            FROM "Relationships" r JOIN "Funders" f ON f."Id" = r."FromId" WHERE r."ToId" = @id AND r."Type" = 'Funds'
        UNION ALL SELECT 'A', a."Name", p."Name", NULL, NULL
            FROM "Relationships" r JOIN "ChallengeAreas" a ON a."Id" = r."ToId" LEFT JOIN "ChallengeAreas" p ON p."Id" = a."ParentId"
            WHERE r."FromId" = @id AND r."Type" = 'WorksIn'
        UNION ALL SELECT 'E', e."Title", e."RatingScale", e."RatingLevel", e."RatingReason"
            FROM "Relationships" r JOIN "Evidence" e ON e."Id" = r."FromId" WHERE r."ToId" = @id AND r."Type" = 'Evaluates'
        UNION ALL SELECT 'X', oc."Name", rep."Effect", NULL,
            (SELECT {agg("s.\"Url\"")} FROM "RelationshipSources" rs JOIN "Sources" s ON s."Id" = rs."SourceId" WHERE rs."RelationshipId" = rep."Id")
            FROM "Relationships" r JOIN "Relationships" rep ON rep."FromId" = r."FromId" AND rep."Type" = 'Reports'
            JOIN "Outcomes" oc ON oc."Id" = rep."ToId" WHERE r."ToId" = @id AND r."Type" = 'Evaluates'
        UNION ALL SELECT 'S', s."Title", s."Url", NULL, NULL
            FROM "NodeSources" ns JOIN "Sources" s ON s."Id" = ns."SourceId" WHERE ns."NodeId" = @id
        """,
        new Dictionary<string, object> { ["id"] = targets.Organisation },
        rows =>
        {
            long Of(string part) => rows.Count(r => (string)r[0]! == part);
            return $"models={Of("M")};fundings={Of("F")};areas={Of("A")};evidence={Of("E")};findings={Of("X")};sources={Of("S")}";
        });

    private static Question SearchQuestion(Targets targets, bool postgres)
    {
        var words = targets.SearchWords.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parameters = new Dictionary<string, object>();
        string sql;
        if (postgres)
        {
            // Each word as the words of the store's vocabulary that start with it, which the GIN index reads fastest
            // (see the SearchWords migration); one that starts none, or very many, as a prefix.
            parameters["starts"] = words;
            parameters["beyonds"] = words.Select(w => w[..^1] + (char)(w[^1] + 1)).ToArray();
            parameters["phrase"] = string.Join(" <-> ", words.Select(w => $"{w}:*A"));
            for (var i = 0; i < words.Length; i++)
            {
                parameters[$"t{i}"] = $"{words[i]}:*A";
            }

            var inTitle = string.Join(" + ", words.Select((_, i) => $"(d.\"Vector\" @@ to_tsquery('simple', @t{i}))::int"));
            sql = $"""
                SELECT d."Kind" COLLATE "C" AS kind, d."Key" COLLATE "C" AS key, d."Title", length(d."Title") AS title_length,
                       2 * ({inTitle}) + (d."Vector" @@ to_tsquery('simple', @phrase))::int AS level, COUNT(*) OVER () AS total
                FROM "SearchDocuments" d
                WHERE d."Vector" @@ (
                    SELECT CAST(string_agg((
                        SELECT CASE WHEN COUNT(*) BETWEEN 1 AND 64 THEN '(' || string_agg('''' || v."Word" || '''', ' | ') || ')' ELSE '''' || t.start || ''':*' END
                        FROM (SELECT "Word" FROM "SearchWords" WHERE "Word" >= t.start AND "Word" < t.beyond LIMIT 65) AS v), ' & ') AS tsquery)
                    FROM unnest(@starts, @beyonds) AS t(start, beyond))
                ORDER BY level DESC, title_length, kind, key LIMIT 10
                """;
        }
        else
        {
            parameters["all"] = string.Join(" AND ", words.Select(w => $"\"{w}\"*"));
            // The titles' own index answers the ranking's questions about titles, as in the API.
            parameters["phrase"] = string.Join(" + ", words.Select(w => $"\"{w}\"*"));
            for (var i = 0; i < words.Length; i++)
            {
                parameters[$"t{i}"] = $"\"{words[i]}\"*";
            }

            var inTitle = string.Join(" + ", words.Select((_, i) => $"(d.\"Id\" IN (SELECT rowid FROM \"SearchTitles\" WHERE \"SearchTitles\" MATCH @t{i}))"));
            sql = $"""
                SELECT d."Kind" AS kind, d."Key" AS key, d."Title", length(d."Title") AS title_length,
                       2 * ({inTitle}) + (d."Id" IN (SELECT rowid FROM "SearchTitles" WHERE "SearchTitles" MATCH @phrase)) AS level, COUNT(*) OVER () AS total
                FROM "SearchIndex" JOIN "SearchDocuments" AS d ON d."Id" = "SearchIndex".rowid
                WHERE "SearchIndex" MATCH @all
                ORDER BY level DESC, title_length, kind, key LIMIT 10
                """;
        }

        return new Question(
            Search,
            $"search for \"{targets.SearchWords}\" (the place of the typical organisation), first 10 with scores",
            $$"""
            query Search {
              search(query: "{{targets.SearchWords}}", first: 10) {
                totalCount
                edges {
                  score
                  node {
                    __typename
                    ... on Model { key name family }
                    ... on Organisation { key name }
                    ... on Evidence { key title year }
                    ... on Source { key title publisher }
                    ... on ChallengeArea { key name }
                    ... on Funder { key name }
                    ... on Outcome { key name }
                  }
                }
              }
            }
            """,
            data => $"total={data["search"]!["totalCount"]};keys={string.Join(',', data["search"]!["edges"]!.AsArray().Select(e => (string)e!["node"]!["key"]!))}",
            sql,
            parameters,
            rows => $"total={(rows.Count == 0 ? 0 : Convert.ToInt64(rows[0][5], CultureInfo.InvariantCulture))};keys={string.Join(',', rows.Select(r => (string)r[1]!))}");
    }

    private static Question ComparableModelsQuestion(Targets targets, bool postgres) => new(
        ComparableModels,
        $"the five models most like {targets.Model} (a typical model), with scores and reasons",
        $$"""
        { comparableModels(to: "{{GlobalId.Encode(NodeKind.Model, targets.Model)}}", first: 5) {
            score
            model { key name family }
            reasons { sameFamily bestEvidenceLevel challengeAreaOverlap outcomeOverlap funderOverlap }
        } }
        """,
        data => $"keys={string.Join(',', data["comparableModels"]!.AsArray().Select(c => (string)c!["model"]!["key"]!))}",
        // The API answers from every model's features, read once into memory (ModelSimilarityProjection). Computed afresh
        // for each question, a model's funders through the organisations that run it are 3.3 billion joined rows at 10^6
        // nodes (hubs run thousands of models and have thousands of funders), so the SQL reads tables its preparation
        // built once, as the API builds its projection once, and prunes as the API does: every model is first scored
        // with a bound in place of its funder overlap (the smaller funder count over the larger); the highest bounds are
        // scored exactly, and only models whose bound reaches the fifth best of those scores have their funders
        // intersected. Scoring a hundred first, not five, raises that bar: where most models share most funders (their
        // bounds close to 1), five let nearly every model through at 10^6 nodes.
        $$"""
        WITH {{(postgres ? ComparableModelsTargetOnPostgres : ComparableModelsTargetOnSqlite)}},
        {{ComparableModelsBase}},
        bounds AS MATERIALIZED (
            SELECT o.*, {{ComparableModelScore("funder_bound")}} AS bound
            FROM (
                SELECT b.*,
                    CASE WHEN areas + target_areas - shared_areas = 0 THEN 0 ELSE CAST(shared_areas AS DOUBLE PRECISION) / (areas + target_areas - shared_areas) END AS area_overlap,
                    CASE WHEN outcomes + target_outcomes - shared_outcomes = 0 THEN 0 ELSE CAST(shared_outcomes AS DOUBLE PRECISION) / (outcomes + target_outcomes - shared_outcomes) END AS outcome_overlap,
                    CASE WHEN funders > target_funders THEN CAST(target_funders AS DOUBLE PRECISION) / funders
                        WHEN target_funders = 0 THEN 0 ELSE CAST(funders AS DOUBLE PRECISION) / target_funders END AS funder_bound
                FROM base b
                WHERE shared_areas + shared_outcomes > 0 OR (funders > 0 AND target_funders > 0)) AS o
        ),
        first_shared AS MATERIALIZED (
            SELECT x.*, {{(postgres ? SharedFundersOnPostgres : SharedFundersOnSqlite)}} AS shared_funders
            FROM (SELECT * FROM bounds ORDER BY bound DESC, model LIMIT 100) AS x
        ),
        first_scored AS MATERIALIZED (
            SELECT f.*, {{ComparableModelScore(FunderOverlap)}} AS score FROM first_shared f
            WHERE shared_areas + shared_outcomes + shared_funders > 0
        ),
        candidates_shared AS MATERIALIZED (
            SELECT x.*, {{(postgres ? SharedFundersOnPostgres : SharedFundersOnSqlite)}} AS shared_funders FROM bounds x
            WHERE (SELECT COUNT(*) FROM first_scored) < 5 OR x.bound >= (SELECT score FROM first_scored ORDER BY score DESC LIMIT 1 OFFSET 4)
        ),
        scored AS (
            SELECT f.*, {{ComparableModelScore(FunderOverlap)}} AS score, {{FunderOverlap}} AS funder_overlap FROM candidates_shared f
            WHERE shared_areas + shared_outcomes + shared_funders > 0
        )
        SELECT model, name, family, score, same_family, best_level, area_overlap, outcome_overlap, funder_overlap
        FROM scored ORDER BY score DESC, model LIMIT 5
        """,
        new Dictionary<string, object> { ["id"] = targets.Model },
        rows => $"keys={string.Join(',', rows.Select(r => (string)r[0]!))}",
        postgres ? ComparableModelsPreparationOnPostgres : ComparableModelsPreparationOnSqlite);

    /// <summary>The score of comparableModels (SimilarityScore.Formula) with the given funder overlap, in the API's arithmetic.</summary>
    private static string ComparableModelScore(string funderOverlap) =>
        $"0.35 * area_overlap + 0.25 * outcome_overlap + 0.15 * ({funderOverlap}) + 0.10 * same_family "
        + "+ 0.15 * CAST(CASE WHEN best_level IS NULL THEN 0 WHEN best_level > 5 THEN 5 ELSE best_level END AS DOUBLE PRECISION) / 5";

    private const string FunderOverlap =
        "CASE WHEN funders + target_funders - shared_funders = 0 THEN 0 ELSE CAST(shared_funders AS DOUBLE PRECISION) / (funders + target_funders - shared_funders) END";

    /// <summary>
    /// The models sharing a challenge area or outcome with the compared model, found from its few areas and outcomes
    /// through the (ToId, Type, FromId) index, and every model's counts beside the compared model's (the store's
    /// <c>target</c>, with at least its counts and family).
    /// </summary>
    private const string ComparableModelsBase = """
        matches AS MATERIALIZED (
            SELECT m."FromId" AS model,
                COUNT(DISTINCT CASE WHEN m."Type" = 'Addresses' THEN m."ToId" END) AS shared_areas,
                COUNT(DISTINCT CASE WHEN m."Type" = 'Targets' THEN m."ToId" END) AS shared_outcomes
            FROM "Relationships" t
            JOIN "Relationships" m ON m."ToId" = t."ToId" AND m."Type" = t."Type"
            WHERE t."FromId" = @id AND t."Type" IN ('Addresses', 'Targets') AND m."FromId" <> @id
            GROUP BY m."FromId"),
        base AS (
            SELECT c.model, c.name, c.family, c.best_level, c.areas_count AS areas, c.outcomes_count AS outcomes, c.funders_count AS funders,
                COALESCE(s.shared_areas, 0) AS shared_areas, COALESCE(s.shared_outcomes, 0) AS shared_outcomes,
                t.areas_count AS target_areas, t.outcomes_count AS target_outcomes, t.funders_count AS target_funders,
                CASE WHEN c.family = t.family THEN 1 ELSE 0 END AS same_family
            FROM bench_model_features c CROSS JOIN target t LEFT JOIN matches s ON s.model = c.model
            WHERE c.model <> t.model)
        """;

    /// <summary>
    /// PostgreSQL: a candidate's shared funders are its funders' bit string ANDed with the compared model's and counted
    /// (bit_count), as the API intersects bitmaps. The compared model's bit string is copied once (concatenated with an
    /// empty one), so it is not read back from TOAST for every candidate.
    /// </summary>
    private const string ComparableModelsTargetOnPostgres = """
        target AS MATERIALIZED (
            SELECT model, family, areas_count, outcomes_count, funders_count, funders || B'' AS funders
            FROM bench_model_features WHERE model = @id)
        """;

    private const string SharedFundersOnPostgres =
        "(SELECT bit_count(m.funders & t.funders) FROM bench_model_features m CROSS JOIN target t WHERE m.model = x.model)";

    /// <summary>A model's key, name, family, best evidence level and counts of challenge areas and outcomes, as both stores' preparations keep them.</summary>
    private const string ModelColumns = """
        m."Id" AS model, m."Name" AS name, m."Family" AS family,
            (SELECT MAX(e."RatingLevel") FROM "Relationships" ev JOIN "Evidence" e ON e."Id" = ev."FromId"
                WHERE ev."ToId" = m."Id" AND ev."Type" = 'Evaluates') AS best_level,
            (SELECT COUNT(DISTINCT r."ToId") FROM "Relationships" r WHERE r."FromId" = m."Id" AND r."Type" = 'Addresses') AS areas_count,
            (SELECT COUNT(DISTINCT r."ToId") FROM "Relationships" r WHERE r."FromId" = m."Id" AND r."Type" = 'Targets') AS outcomes_count
        """;

    /// <summary>
    /// Per model: its funders as a bit string (a bit per funder, numbered in id order) and how many challenge areas,
    /// outcomes and funders it has. A model's funders are the OR of its own funders' bits and those of every
    /// organisation that runs it, each organisation's made once: the runs are 1.5 million rows at 10^6 nodes, where
    /// joining every run with every funding of its organisation would be 3.3 billion. work_mem holds the aggregation of
    /// the models' bit strings (3.75 KB each at 10^6 nodes) without spilling to disk.
    /// </summary>
    private static readonly IReadOnlyList<string> ComparableModelsPreparationOnPostgres =
    [
        "DROP TABLE IF EXISTS bench_model_features",
        "SET work_mem = '256MB'",
        """
        CREATE TEMP TABLE bench_funder AS
        SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS bit
        FROM (SELECT DISTINCT "FromId" AS id FROM "Relationships" WHERE "Type" = 'Funds') AS funders
        """,
        """
        CREATE TEMP TABLE bench_funded AS
        SELECT g.id, (SELECT bit_or(set_bit(n.bits, b, 1)) FROM unnest(g.bits) AS b) AS bits
        FROM (
            SELECT r."ToId" AS id, array_agg(f.bit) AS bits
            FROM "Relationships" r JOIN bench_funder f ON f.id = r."FromId"
            WHERE r."Type" = 'Funds' AND (EXISTS (SELECT 1 FROM "Models" m WHERE m."Id" = r."ToId")
                OR EXISTS (SELECT 1 FROM "Relationships" run WHERE run."FromId" = r."ToId" AND run."Type" = 'Runs'))
            GROUP BY r."ToId") AS g
        CROSS JOIN (SELECT repeat('0', count(*)::int)::varbit AS bits FROM bench_funder) AS n
        """,
        $$"""
        CREATE TABLE bench_model_features AS
        WITH model_funders AS (
            SELECT model, bit_or(bits) AS bits FROM (
                SELECT d.id AS model, d.bits FROM bench_funded d JOIN "Models" m ON m."Id" = d.id
                UNION ALL
                SELECT run."ToId", d.bits FROM "Relationships" run JOIN bench_funded d ON d.id = run."FromId" WHERE run."Type" = 'Runs') AS funded
            GROUP BY model)
        SELECT {{ModelColumns}},
            COALESCE(f.bits, n.bits) AS funders, COALESCE(bit_count(f.bits), 0) AS funders_count
        FROM "Models" m
        CROSS JOIN (SELECT repeat('0', count(*)::int)::varbit AS bits FROM bench_funder) AS n
        LEFT JOIN model_funders f ON f.model = m."Id"
        """,
        "ALTER TABLE bench_model_features ADD PRIMARY KEY (model)",
        "ANALYZE bench_model_features",
    ];

    /// <summary>
    /// SQLite: no bit strings, so a model's funders are a blob of bits (a bit per funder, numbered in id order) that
    /// the benchmark's functions make and read (<see cref="FunderSets"/>); a candidate's shared funders are its bits
    /// ANDed with the compared model's and counted.
    /// </summary>
    private const string ComparableModelsTargetOnSqlite = """
        target AS MATERIALIZED (
            SELECT f.*, w.funders FROM bench_model_features f JOIN bench_model_funders w ON w.model = f.model WHERE f.model = @id)
        """;

    private const string SharedFundersOnSqlite =
        "(SELECT bench_shared_count(m.funders, t.funders) FROM bench_model_funders m CROSS JOIN target t WHERE m.model = x.model)";

    /// <summary>
    /// Per model: its funders as a blob of bits, and how many challenge areas, outcomes and funders it has. A model's
    /// funders are the union of its own funders' set and those of every organisation that runs it, each
    /// organisation's set made once (see <see cref="FunderSets"/>), read per model through the (ToId, Type, FromId)
    /// index, so nothing is sorted but the fundings. The blobs (3.75 KB each at 10^6 nodes) have a table of their own,
    /// so that bounding every model reads its counts alone and only the candidates' blobs are read.
    /// </summary>
    private static readonly IReadOnlyList<string> ComparableModelsPreparationOnSqlite =
    [
        "DROP TABLE IF EXISTS bench_model_features",
        "DROP TABLE IF EXISTS bench_model_funders",
        "DROP TABLE IF EXISTS bench_funded",
        "DROP TABLE IF EXISTS bench_funder",
        """
        CREATE TABLE bench_funder AS
        SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS bit
        FROM (SELECT DISTINCT "FromId" AS id FROM "Relationships" WHERE "Type" = 'Funds')
        """,
        "CREATE UNIQUE INDEX bench_funder_by_id ON bench_funder (id)",
        "CREATE TABLE bench_funded (id TEXT NOT NULL PRIMARY KEY, funders BLOB NOT NULL) WITHOUT ROWID",
        """
        INSERT INTO bench_funded
        SELECT r."ToId", bench_funder_set(f.bit)
        FROM "Relationships" r JOIN bench_funder f ON f.id = r."FromId"
        WHERE r."Type" = 'Funds' AND (EXISTS (SELECT 1 FROM "Models" m WHERE m."Id" = r."ToId")
            OR EXISTS (SELECT 1 FROM "Relationships" run WHERE run."FromId" = r."ToId" AND run."Type" = 'Runs'))
        GROUP BY r."ToId"
        """,
        """
        CREATE TABLE bench_model_funders AS
        SELECT m."Id" AS model, (SELECT bench_funder_union(x.funders) FROM (
                SELECT d.funders FROM bench_funded d WHERE d.id = m."Id"
                UNION ALL
                SELECT d.funders FROM "Relationships" run JOIN bench_funded d ON d.id = run."FromId"
                WHERE run."ToId" = m."Id" AND run."Type" = 'Runs') AS x) AS funders
        FROM "Models" m
        """,
        "CREATE UNIQUE INDEX bench_model_funders_by_model ON bench_model_funders (model)",
        $$"""
        CREATE TABLE bench_model_features AS
        SELECT {{ModelColumns}},
            (SELECT bench_bit_count(w.funders) FROM bench_model_funders w WHERE w.model = m."Id") AS funders_count
        FROM "Models" m
        """,
        "CREATE UNIQUE INDEX bench_model_features_by_model ON bench_model_features (model)",
        "ANALYZE bench_model_features",
        "ANALYZE bench_model_funders",
    ];

    private static Question NeighbourhoodQuestion(Targets targets, bool postgres, Func<string, string> agg)
    {
        const int limit = 100;
        var types = string.Join(", ", Enum.GetValues<RelationshipType>().Select(t => $"('{t}')"));
        // Per relationship type, the kinds it starts from (outgoing 1) and ends at (0), as RelationshipEnds has them.
        var ends = string.Join(", ", Enum.GetValues<RelationshipType>().SelectMany(t =>
            RelationshipEnds.From(t).Select(k => $"('{k}', '{t}', 1)").Concat(RelationshipEnds.To(t).Select(k => $"('{k}', '{t}', 0)"))));

        // The neighbours of a level's nodes one way: per node and type, the first limit + 1 distinct neighbours in id
        // order, read through (FromId, Type, ToId) going out or (ToId, Type, FromId) coming in. SQLite has no lateral
        // join: a correlated IN sub-query, run once per list, bounds the list there.
        string Neighbours(int level, bool outgoing)
        {
            var (near, far) = outgoing ? ("From", "To") : ("To", "From");
            return postgres
                ? $"""
                  SELECT x.id FROM level{level} AS p CROSS JOIN types AS t CROSS JOIN LATERAL (
                      SELECT r."{far}Id" AS id FROM "Relationships" r WHERE r."{near}Id" = p.id AND r."Type" = t.type
                      GROUP BY r."{far}Id" ORDER BY r."{far}Id" LIMIT {limit + 1}) AS x
                  """
                : $"""
                  SELECT r."{far}Id" AS id FROM level{level} AS p CROSS JOIN types AS t CROSS JOIN "Relationships" r
                  WHERE r."{near}Id" = p.id AND r."Type" = t.type AND r."{far}Id" IN (
                      SELECT x."{far}Id" FROM "Relationships" x WHERE x."{near}Id" = p.id AND x."Type" = t.type
                      GROUP BY x."{far}Id" ORDER BY x."{far}Id" LIMIT {limit + 1})
                  """;
        }

        return new Question(
            Neighbourhood,
            $"what surrounds {targets.Organisation}: two hops along every relationship type, at most {limit} nodes, with the relationships among them and their sources",
            $$"""
            {
              neighbourhood(id: "{{GlobalId.Encode(NodeKind.Organisation, targets.Organisation)}}", depth: 2, limit: {{limit}}) {
                truncated
                nodes {
                  distance
                  node {
                    id
                    __typename
                    ... on Organisation { key name }
                    ... on Model { key name }
                    ... on Funder { key name }
                    ... on ChallengeArea { key name }
                    ... on Outcome { key name }
                    ... on Evidence { key title }
                  }
                }
                relationships { type from { id } to { id } role amount currency year sources { url } }
              }
            }
            """,
            data =>
            {
                var neighbourhood = data["neighbourhood"]!;
                return $"nodes={neighbourhood["nodes"]!.AsArray().Count};relationships={neighbourhood["relationships"]!.AsArray().Count};truncated={(bool)neighbourhood["truncated"]!}";
            },
            // The API's reads (NeighbourReader, then RelationshipsAmong), in one statement. Each level is drawn from the
            // lists of the level before, each list read only as far as the limit needs (see Neighbours), so a hub costs
            // what a leaf does; a level keeps the nearest nodes, then the lowest ids in byte order (SQLite's BINARY, the
            // id columns' "C" on PostgreSQL), and one more than it keeps says the limit cut it short. Every type is tried
            // from every node (an empty list costs one index seek) and the kinds come from the node tables, so the levels
            // read the two indexes alone; the API reads only the types a node's kind can have, and each relationship's
            // row for the kind at its far end. The relationships among the nodes: a node's list of a type is read whole
            // through (FromId, Type, ToId) when it holds at most limit, else probed there for each node it could lead to
            // (probes is materialised so that PostgreSQL probes with all three values; CROSS JOIN keeps SQLite to the order
            // written, where left to choose it scanned every relationship). Rows: 'N' id, distance, name; 'R' type, from,
            // to, role, amount, currency, year, sources; and 'T' when the limit cut the neighbourhood short.
            $"""
            WITH types (type) AS MATERIALIZED (VALUES {types}),
            ends (kind, type, outgoing) AS MATERIALIZED (VALUES {ends}),
            level0 AS MATERIALIZED (SELECT CAST(@id AS TEXT) AS id),
            found1 AS MATERIALIZED (
                SELECT f.id, ROW_NUMBER() OVER (ORDER BY f.id) AS n
                FROM ({Neighbours(0, outgoing: true)}
                    UNION ALL {Neighbours(0, outgoing: false)}) AS f
                WHERE f.id <> @id
                GROUP BY f.id ORDER BY f.id LIMIT {limit + 1}),
            level1 AS MATERIALIZED (SELECT id FROM found1 WHERE n <= {limit - 1}),
            found2 AS MATERIALIZED (
                SELECT f.id, ROW_NUMBER() OVER (ORDER BY f.id) AS n
                FROM ({Neighbours(1, outgoing: true)}
                    UNION ALL {Neighbours(1, outgoing: false)}) AS f
                WHERE f.id <> @id AND f.id NOT IN (SELECT id FROM level1)
                GROUP BY f.id ORDER BY f.id LIMIT {limit + 1}),
            level2 AS MATERIALIZED (SELECT id FROM found2 WHERE n <= {limit - 1} - (SELECT COUNT(*) FROM level1)),
            around AS MATERIALIZED (
                SELECT a.id, a.distance,
                    CASE WHEN o."Id" IS NOT NULL THEN 'Organisation' WHEN m."Id" IS NOT NULL THEN 'Model' WHEN f."Id" IS NOT NULL THEN 'Funder'
                        WHEN c."Id" IS NOT NULL THEN 'ChallengeArea' WHEN oc."Id" IS NOT NULL THEN 'Outcome' ELSE 'Evidence' END AS kind,
                    COALESCE(o."Name", m."Name", f."Name", c."Name", oc."Name", e."Title") AS name
                FROM (SELECT id, 0 AS distance FROM level0 UNION ALL SELECT id, 1 FROM level1 UNION ALL SELECT id, 2 FROM level2) AS a
                LEFT JOIN "Organisations" o ON o."Id" = a.id LEFT JOIN "Models" m ON m."Id" = a.id LEFT JOIN "Funders" f ON f."Id" = a.id
                LEFT JOIN "ChallengeAreas" c ON c."Id" = a.id LEFT JOIN "Outcomes" oc ON oc."Id" = a.id LEFT JOIN "Evidence" e ON e."Id" = a.id),
            lists AS MATERIALIZED (
                SELECT a.id AS node, e.type, (SELECT COUNT(*) FROM (
                    SELECT 1 FROM "Relationships" r WHERE r."FromId" = a.id AND r."Type" = e.type LIMIT {limit + 1}) AS c) AS size
                FROM around a JOIN ends e ON e.kind = a.kind AND e.outgoing = 1),
            probes AS MATERIALIZED (
                SELECT l.node, l.type, t.id AS target FROM lists l JOIN ends e ON e.type = l.type AND e.outgoing = 0 JOIN around t ON t.kind = e.kind
                WHERE l.size > {limit}),
            among AS MATERIALIZED (
                SELECT r.* FROM lists l CROSS JOIN "Relationships" r CROSS JOIN around t
                WHERE l.size <= {limit} AND r."FromId" = l.node AND r."Type" = l.type AND t.id = r."ToId"
                UNION ALL
                SELECT r.* FROM probes p CROSS JOIN "Relationships" r
                WHERE r."FromId" = p.node AND r."Type" = p.type AND r."ToId" = p.target)
            SELECT 'N', id, CAST(distance AS TEXT), name, NULL, NULL, NULL, NULL, NULL FROM around
            UNION ALL
            SELECT 'R', r."Type", r."FromId", r."ToId", r."Role", r."Amount", r."Currency", r."Year",
                (SELECT {agg("s.\"Url\"")} FROM "RelationshipSources" rs JOIN "Sources" s ON s."Id" = rs."SourceId" WHERE rs."RelationshipId" = r."Id")
            FROM among r
            UNION ALL
            SELECT 'T', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            WHERE EXISTS (SELECT 1 FROM found1 WHERE n > {limit - 1})
                OR EXISTS (SELECT 1 FROM found2 WHERE n > {limit - 1} - (SELECT COUNT(*) FROM level1))
            """,
            new Dictionary<string, object> { ["id"] = targets.Organisation },
            rows => $"nodes={rows.Count(r => (string)r[0]! == "N")};relationships={rows.Count(r => (string)r[0]! == "R")};truncated={rows.Any(r => (string)r[0]! == "T")}");
    }

    private static Question PathQuestion(Targets targets) => new(
        Path,
        $"how {targets.Organisation} is connected to {targets.PathTo}: the first 10 paths of at most 2 relationships",
        $$"""
        {
          paths(from: "{{GlobalId.Encode(NodeKind.Organisation, targets.Organisation)}}", to: "{{GlobalId.Encode(Enum.Parse<NodeKind>(targets.PathToKind), targets.PathTo)}}", maxHops: 2, first: 10) {
            length
            nodes { id __typename ... on Organisation { key name } ... on Model { key name } ... on Funder { key name } ... on ChallengeArea { key name } }
            relationships { type role from { id } to { id } }
          }
        }
        """,
        data => $"lengths={string.Join(',', data["paths"]!.AsArray().Select(p => (int)p!["length"]!))}",
        // Both ends' relationships read through the (FromId, Type, ToId) and (ToId, Type, FromId) indexes, as the API reads them.
        """
        WITH near_from AS MATERIALIZED (
            SELECT "ToId" AS via, "Key" AS k FROM "Relationships" WHERE "FromId" = @from AND "ToId" <> @from
            UNION ALL SELECT "FromId", "Key" FROM "Relationships" WHERE "ToId" = @from AND "FromId" <> @from
        ),
        near_to AS MATERIALIZED (
            SELECT "ToId" AS via, "Key" AS k FROM "Relationships" WHERE "FromId" = @to AND "ToId" <> @to
            UNION ALL SELECT "FromId", "Key" FROM "Relationships" WHERE "ToId" = @to AND "FromId" <> @to
        ),
        found AS (
            SELECT 1 AS length, f.via, f.k AS k1, CAST(NULL AS TEXT) AS k2 FROM near_from f WHERE f.via = @to
            UNION ALL
            SELECT 2, f.via, f.k, t.k FROM near_from f JOIN near_to t ON t.via = f.via WHERE f.via <> @to AND f.via <> @from
        )
        SELECT length, via, k1, k2 FROM found ORDER BY length, via, k1, k2 LIMIT 10
        """,
        new Dictionary<string, object> { ["from"] = targets.Organisation, ["to"] = targets.PathTo },
        rows => $"lengths={string.Join(',', rows.Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture)))}");

    private static Question EvidenceMapQuestion(Targets targets) => new(
        EvidenceMap,
        $"the evidence-and-gap map of {targets.MapArea} and its sub-areas (a first- or second-level area with about ten areas beneath), evidenced cells",
        $$"""
        {
          evidenceMap(within: "{{GlobalId.Encode(NodeKind.ChallengeArea, targets.MapArea)}}") {
            within { key name }
            challengeAreas { key name depth }
            outcomes { key name }
            gapCount
            cells(include: EVIDENCED) {
              challengeArea { key }
              outcome { key }
              evidenceCount
              bestRating { scale level }
              effects { positive noEffect negative mixed unstated }
            }
          }
        }
        """,
        data =>
        {
            var cells = data["evidenceMap"]!["cells"]!.AsArray();
            return $"cells={cells.Count};evidence={cells.Sum(c => (int)c!["evidenceCount"]!)}";
        },
        """
        -- The rows and each row's sub-areas are worked out first (MATERIALIZED): joined by path prefix inside the
        -- main join, which no index serves, SQLite's planner scanned every finding once per area.
        WITH row_area AS MATERIALIZED (
            SELECT a."Id", a."Path" FROM "ChallengeAreas" w
            JOIN "ChallengeAreas" a ON substr(a."Path", 1, length(w."Path")) = w."Path"
            WHERE w."Id" = @id
        ),
        pair AS MATERIALIZED (
            SELECT r."Id" AS row_id, s."Id" AS sub_id FROM row_area r
            JOIN row_area s ON substr(s."Path", 1, length(r."Path")) = r."Path"
        )
        SELECT pair.row_id, rep."ToId",
            COUNT(DISTINCT e."Id") AS evidence,
            COUNT(DISTINCT CASE WHEN rep."Effect" = 'Positive' THEN e."Id" END) AS positive,
            COUNT(DISTINCT CASE WHEN rep."Effect" = 'NoEffect' THEN e."Id" END) AS no_effect,
            COUNT(DISTINCT CASE WHEN rep."Effect" = 'Negative' THEN e."Id" END) AS negative,
            COUNT(DISTINCT CASE WHEN rep."Effect" = 'Mixed' THEN e."Id" END) AS mixed,
            MAX(e."RatingLevel") AS best
        FROM pair
        JOIN "Relationships" ein ON ein."ToId" = pair.sub_id AND ein."Type" = 'EvidenceIn'
        JOIN "Evidence" e ON e."Id" = ein."FromId"
        JOIN "Relationships" rep ON rep."FromId" = e."Id" AND rep."Type" = 'Reports'
        GROUP BY pair.row_id, rep."ToId"
        """,
        new Dictionary<string, object> { ["id"] = targets.MapArea },
        rows => $"cells={rows.Count};evidence={rows.Sum(r => Convert.ToInt64(r[2], CultureInfo.InvariantCulture))}");
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Bench.Peers;

/// <summary>
/// The questions PostGraphile can express over the views of bench/postgraphile/setup.sql, each written once for this
/// API and once for PostGraphile, with the direct SQL both must agree with; and those it cannot, with the reason.
/// </summary>
public static class PeerQuestionSet
{
    public const string ModelsPage = "page of models with counts";
    public const string OrganisationsByName = "organisations by name";
    public const string NameContains = "organisations whose name contains";
    public const string RegionWithIdentifiers = "organisations of a region with identifiers";

    /// <summary>The benchmark's questions PostGraphile cannot ask of these views, and why.</summary>
    public static IReadOnlyList<(string Question, string Why)> Inexpressible { get; } =
    [
        (QuestionSet.Search, "no ranked full-text search: the connection filter has substring matches (includes, likeInsensitive) but no tsquery match, score or rank order; a user would write a SQL function"),
        (QuestionSet.ComparableModels, "a score over shared areas, outcomes and funders across many relationships, ranked: not a filter or an order over one table; needs a SQL function"),
        (QuestionSet.Neighbourhood, "every relationship type at once to depth 2 with a limit: each relationship is a view of its own, so the document must name every view at every hop, and cannot cap or de-duplicate the nodes"),
        (QuestionSet.Path, "paths between two nodes: no recursion or search over relationships of any type; needs a recursive SQL function"),
        (QuestionSet.EvidenceMap, "cells of areas (with their sub-areas by path) by outcomes, with counts by effect and the best rating: aggregates grouped over two relationships; needs a view or function written for it"),
    ];

    public static IReadOnlyList<PeerQuestion> For(Targets targets, IReadOnlyList<Question> questions, DbConnection connection)
    {
        var (name, region) = NameAndRegion(connection, targets.Organisation);
        // A fragment of a typical name that a few dozen to a few hundred names share: the earlier comparison asked for "housing".
        var fragment = name.Length > 2 ? name[..^2].ToLowerInvariant() : name.ToLowerInvariant();
        return
        [
            OrganisationPage(targets, questions.Single(q => q.Name == QuestionSet.OrganisationPage)),
            Headline(targets, questions.Single(q => q.Name == QuestionSet.Headline)),
            ModelsPageQuestion(),
            OrganisationsByNameQuestion(),
            NameContainsQuestion(fragment),
            RegionWithIdentifiersQuestion(region),
        ];
    }

    private static PeerQuestion OrganisationPage(Targets targets, Question question) => new(
        question,
        $$"""
        query OrganisationProfile {
          organisationByRowId(rowId: "{{targets.Organisation}}") {
            name region
            runs { nodes { model { name family } } }
            fundings { nodes { funder { name kind } amount currency year instrument note sourceLinks { nodes { source { title url } } } } }
            worksIn { nodes { area { name parent { name } } } }
            evaluatedBy { nodes { evidence { title year ratingScale ratingLevel ratingReason
              findings { nodes { outcome { name } effect note sourceLinks { nodes { source { url } } } } } } } }
            sourceLinks { nodes { source { title url } } }
          }
        }
        """,
        data =>
        {
            var o = data["organisationByRowId"]!;
            var evidence = Nodes(o["evaluatedBy"]);
            return $"models={Nodes(o["runs"]).Count};fundings={Nodes(o["fundings"]).Count};areas={Nodes(o["worksIn"]).Count};"
                + $"evidence={evidence.Count};findings={evidence.Sum(e => Nodes(e!["evidence"]!["findings"]).Count)};sources={Nodes(o["sourceLinks"]).Count}";
        });

    private static PeerQuestion Headline(Targets targets, Question question) => new(
        question,
        $$"""
        { allModels(first: 50, orderBy: ROW_ID_ASC, filter: {
            family: { equalTo: "CoOperative" },
            evaluatedBy: { some: { evidence: { areaLinks: { some: { area: { name: { includesInsensitive: "{{targets.AreaName}}" } } } } } } } }) {
            totalCount
            nodes { name evaluatedBy { nodes { evidence { title ratingScale ratingLevel sourceLinks { nodes { source { url } } } } } } } } }
        """,
        data =>
        {
            var models = data["allModels"]!;
            var rows = Nodes(models).Sum(m => Nodes(m!["evaluatedBy"]) is { Count: > 0 } evidence
                ? evidence.Sum(e => Math.Max(1, Nodes(e!["evidence"]!["sourceLinks"]).Count))
                : 1);
            return $"total={models["totalCount"]};rows={rows}";
        });

    private static PeerQuestion ModelsPageQuestion() => new(
        new Question(
            ModelsPage,
            "the first 50 models by name, with the total, and for each how many organisations run it and how much evidence evaluates it",
            """
            { models(first: 50, order: [{ name: ASC }]) {
                totalCount nodes { key name family organisationsConnection { totalCount } evidenceConnection { totalCount } } } }
            """,
            data => Page(data["models"]!, n => (string)n!["key"]!,
                n => (int)n!["organisationsConnection"]!["totalCount"]!, n => (int)n!["evidenceConnection"]!["totalCount"]!),
            """
            SELECT m."Id", m."Name", m."Family",
                (SELECT COUNT(DISTINCT r."FromId") FROM "Relationships" r WHERE r."ToId" = m."Id" AND r."Type" = 'Runs') AS organisations,
                (SELECT COUNT(DISTINCT r."FromId") FROM "Relationships" r WHERE r."ToId" = m."Id" AND r."Type" = 'Evaluates') AS evidence,
                COUNT(*) OVER () AS total
            FROM "Models" m ORDER BY m."Name", m."Id" LIMIT 50
            """,
            new Dictionary<string, object>(),
            rows => PageRows(rows, 5, r => Convert.ToInt64(r[3], CultureInfo.InvariantCulture), r => Convert.ToInt64(r[4], CultureInfo.InvariantCulture))),
        """
        { allModels(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) {
            totalCount nodes { rowId name family runs { totalCount } evaluatedBy { totalCount } } } }
        """,
        data => Page(data["allModels"]!, n => (string)n!["rowId"]!,
            n => (int)n!["runs"]!["totalCount"]!, n => (int)n!["evaluatedBy"]!["totalCount"]!));

    private static PeerQuestion OrganisationsByNameQuestion() => new(
        new Question(
            OrganisationsByName,
            "the first 50 organisations by name, with the total",
            """{ organisations(first: 50, order: [{ name: ASC }]) { totalCount nodes { key name region } } }""",
            data => Page(data["organisations"]!, n => (string)n!["key"]!),
            """
            SELECT "Id", "Name", "Region", COUNT(*) OVER () AS total FROM "Organisations" ORDER BY "Name", "Id" LIMIT 50
            """,
            new Dictionary<string, object>(),
            rows => PageRows(rows, 3)),
        """{ allOrganisations(first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) { totalCount nodes { rowId name region } } }""",
        data => Page(data["allOrganisations"]!, n => (string)n!["rowId"]!));

    private static PeerQuestion NameContainsQuestion(string fragment) => new(
        new Question(
            NameContains,
            $"organisations whose name contains \"{fragment}\" (a typical name without its last two characters), first 20 by name, with the total; "
                + "this API's contains ignores case and accents, PostGraphile's includesInsensitive case only (the names here are unaccented)",
            $$"""{ organisations(where: { name: { contains: "{{fragment}}" } }, first: 20, order: [{ name: ASC }]) { totalCount nodes { key name } } }""",
            data => Page(data["organisations"]!, n => (string)n!["key"]!),
            """
            SELECT "Id", "Name", COUNT(*) OVER () AS total FROM "Organisations" WHERE lower("Name") LIKE @pattern ORDER BY "Name", "Id" LIMIT 20
            """,
            new Dictionary<string, object> { ["pattern"] = $"%{fragment}%" },
            rows => PageRows(rows, 2)),
        $$"""
        { allOrganisations(filter: { name: { includesInsensitive: "{{fragment}}" } }, first: 20, orderBy: [NAME_ASC, ROW_ID_ASC]) {
            totalCount nodes { rowId name } } }
        """,
        data => Page(data["allOrganisations"]!, n => (string)n!["rowId"]!));

    private static PeerQuestion RegionWithIdentifiersQuestion(string region) => new(
        new Question(
            RegionWithIdentifiers,
            $"the first 50 organisations by name in the region \"{region}\" (the typical organisation's), with the total, each with its identifiers (a synthetic graph gives them none)",
            $$"""
            { organisations(where: { region: { eq: "{{region}}" } }, first: 50, order: [{ name: ASC }]) {
                totalCount nodes { key name identifiers { scheme value } } } }
            """,
            data => Page(data["organisations"]!, n => (string)n!["key"]!, n => n!["identifiers"]!.AsArray().Count),
            """
            SELECT o."Id", o."Name",
                (SELECT COUNT(*) FROM "OrganisationIdentifiers" i WHERE i."OrganisationId" = o."Id") AS identifiers,
                COUNT(*) OVER () AS total
            FROM "Organisations" o WHERE o."Region" = @region ORDER BY o."Name", o."Id" LIMIT 50
            """,
            new Dictionary<string, object> { ["region"] = region },
            rows => PageRows(rows, 3, r => Convert.ToInt64(r[2], CultureInfo.InvariantCulture))),
        $$"""
        { allOrganisations(filter: { region: { equalTo: "{{region}}" } }, first: 50, orderBy: [NAME_ASC, ROW_ID_ASC]) {
            totalCount nodes { rowId name identifiers { nodes { scheme value } } } } }
        """,
        data => Page(data["allOrganisations"]!, n => (string)n!["rowId"]!, n => Nodes(n!["identifiers"]).Count));

    /// <summary>A page's signature: its total, its length, its first and last keys, and sums over its items (counts of their children).</summary>
    private static string Page(JsonNode connection, Func<JsonNode?, string> key, params Func<JsonNode?, long>[] sums)
    {
        var nodes = Nodes(connection);
        return Signature((int)connection["totalCount"]!, [.. nodes.Select(key)], sums.Select(nodes.Sum));
    }

    /// <summary>The same signature of the direct SQL's rows: the key in the first column, the total in <paramref name="totalColumn"/>.</summary>
    private static string PageRows(IReadOnlyList<object?[]> rows, int totalColumn, params Func<object?[], long>[] sums) =>
        Signature(rows.Count == 0 ? 0 : Convert.ToInt64(rows[0][totalColumn], CultureInfo.InvariantCulture), [.. rows.Select(r => (string)r[0]!)], sums.Select(rows.Sum));

    private static string Signature(long total, List<string> keys, IEnumerable<long> sums) =>
        $"total={total};items={keys.Count};first={keys.FirstOrDefault()};last={keys.LastOrDefault()}" + string.Concat(sums.Select(s => $";sum={s}"));

    private static JsonArray Nodes(JsonNode? connection) => connection!["nodes"]!.AsArray();

    private static (string Name, string Region) NameAndRegion(DbConnection connection, string organisation)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Name", COALESCE("Region", '') FROM "Organisations" WHERE "Id" = @id""";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = organisation;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : throw new InvalidOperationException($"No organisation {organisation} in the store.");
    }
}

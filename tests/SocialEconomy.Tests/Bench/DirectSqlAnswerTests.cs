using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using SocialEconomy.Api.Relay;
using SocialEconomy.Bench.Questions;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.GraphViews;

namespace SocialEconomy.Tests.Bench;

/// <summary>
/// The benchmark's direct SQL for the depth-2 neighbourhood and for comparable models against the API's answer to the
/// same GraphQL document, field by field rather than by the benchmark's short signature: the neighbourhood around
/// organisations of a synthetic graph and of a small graph added to it, whose first level or second the limit cuts
/// among ids that a natural language orders otherwise than bytes do, and one that the limit does not cut; comparable
/// models to several models. On PostgreSQL also with a natural-language default collation, where only the id columns'
/// own collation keeps byte order.
/// </summary>
public abstract class DirectSqlAnswerTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SyntheticApiServer
{
    private const string CrowdedCentre = "baseline-a-centre";
    private const string CrowdedByOne = "baseline-b-centre";
    private const string Alone = "baseline-c-centre";

    [SkippableFact]
    public async Task Neighbourhood_DirectSql_KeepsTheApisNodesAndRelationships()
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        await LoadCrowdAsync();
        var degrees = server.Graph.Relationships.SelectMany(r => new[] { r.FromId, r.ToId }).CountBy(id => id).ToDictionary();
        var organisations = server.Graph.Organisations.Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
        var byDegree = organisations.OrderByDescending(o => degrees.GetValueOrDefault(o)).ThenBy(o => o, StringComparer.Ordinal).ToList();
        string[] centres =
        [
            CrowdedCentre, CrowdedByOne, Alone,
            organisations[organisations.Count / 2], byDegree[0], byDegree[byDegree.Count / 4], byDegree[byDegree.Count / 2], byDegree[^1],
        ];

        var levelOneCut = false;
        var levelTwoCut = false;
        var whole = false;
        foreach (var centre in centres.Distinct())
        {
            var question = Ask(QuestionSet.Neighbourhood, organisation: centre);
            var api = (await DataAsync(question))["neighbourhood"]!;
            var rows = await RowsAsync(question);

            var apiNodes = api["nodes"]!.AsArray().Select(n => $"{n!["distance"]} {Key(n["node"]!["id"]!)} {n["node"]!["name"] ?? n["node"]!["title"]}");
            var sqlNodes = rows.Where(r => Part(r) == "N").Select(r => $"{r[2]} {r[1]} {r[3]}");
            Assert.Equal(apiNodes.Order(StringComparer.Ordinal), sqlNodes.Order(StringComparer.Ordinal));

            var apiRelationships = api["relationships"]!.AsArray().Select(r => Relationship(
                (string)r!["type"]!, Key(r["from"]!["id"]!), Key(r["to"]!["id"]!), (string?)r["role"], r["amount"]?.ToString(), (string?)r["currency"],
                r["year"]?.ToString(), r["sources"]!.AsArray().Select(s => (string)s!["url"]!)));
            var sqlRelationships = rows.Where(r => Part(r) == "R").Select(r => Relationship(
                (string)r[1]!, (string)r[2]!, (string)r[3]!, (string?)r[4], Text(r[5]), (string?)r[6], Text(r[7]), ((string?)r[8] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal(apiRelationships.Order(StringComparer.Ordinal), sqlRelationships.Order(StringComparer.Ordinal));

            var truncated = (bool)api["truncated"]!;
            Assert.Equal(truncated, rows.Any(r => Part(r) == "T"));
            var firstLevel = api["nodes"]!.AsArray().Count(n => (int)n!["distance"]! == 1);
            levelOneCut |= truncated && firstLevel == 99;
            levelTwoCut |= truncated && firstLevel < 99;
            whole |= !truncated;
        }

        Assert.True(levelOneCut && levelTwoCut && whole, $"the centres should include cuts at each level and a neighbourhood left whole: {levelOneCut}, {levelTwoCut}, {whole}");
    }

    [SkippableFact]
    public async Task ComparableModels_DirectSql_RanksAndScoresAsTheApiDoes()
    {
        server.SkipIfUnavailable();
        await server.LoadAsync();
        var models = server.Graph.Models.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();

        var fundersShared = false;
        foreach (var model in models.Where((_, i) => i % 9 == 0).Append(models[models.Count / 2]).Append(models[^1]))
        {
            var question = Ask(QuestionSet.ComparableModels, model: model);
            var api = (await DataAsync(question))["comparableModels"]!.AsArray().Select(c => string.Join(' ',
                (string)c!["model"]!["key"]!, (string)c["model"]!["name"]!, Name((string)c["model"]!["family"]!), Number(c["score"]!),
                (bool)c["reasons"]!["sameFamily"]!, c["reasons"]!["bestEvidenceLevel"]?.ToString() ?? "-", Number(c["reasons"]!["challengeAreaOverlap"]!),
                Number(c["reasons"]!["outcomeOverlap"]!), Number(c["reasons"]!["funderOverlap"]!)));
            var rows = await RowsAsync(question);
            var sql = rows.Select(r => string.Join(' ',
                (string)r[0]!, (string)r[1]!, Name((string)r[2]!), Rounded(r[3]), Convert.ToInt64(r[4], CultureInfo.InvariantCulture) == 1,
                Text(r[5]) ?? "-", Rounded(r[6]), Rounded(r[7]), Rounded(r[8])));

            Assert.Equal(api, sql);
            fundersShared |= rows.Any(r => Convert.ToDouble(r[8], CultureInfo.InvariantCulture) > 0);
        }

        Assert.True(fundersShared, "some compared model should share funders with one of its five, so that the funder sets are compared too");
    }

    private Question Ask(string name, string organisation = "", string model = "") =>
        QuestionSet.For(new Targets("", "", organisation, "", nameof(NodeKind.Organisation), model, "", ""), server.Provider).Single(q => q.Name == name);

    /// <summary>
    /// Once per store: 120 organisations whose ids mix '-', '_', '~', digits and both cases, partners of one centre (its
    /// first level cut) and of the one partner of another (its second level cut); and a centre with one partner only.
    /// </summary>
    private async Task LoadCrowdAsync()
    {
        if (server.Loaded.Any(b => b.Organisations.Any(o => o.Id == CrowdedCentre)))
        {
            return;
        }

        var batch = new GraphBatch(GraphOrigins.Synthetic);
        var source = server.Graph.Sources[0].Id;
        string[] marks = ["-", "_", "~", "A", "a", "B", "b", "1"];
        var crowd = Enumerable.Range(0, 120).Select(i => $"baseline-n{marks[i % 8]}{marks[i / 8 % 8]}{i:D3}").ToList();
        const string hub = "baseline-b-hub";
        foreach (var id in crowd.Concat([CrowdedCentre, CrowdedByOne, hub, Alone, "baseline-c-partner"]))
        {
            batch.Organisations.Add(new Organisation { Id = id, Name = $"Organisation {id}" });
        }

        foreach (var id in crowd)
        {
            PartnersWith(CrowdedCentre, id);
            PartnersWith(hub, id);
        }

        PartnersWith(CrowdedByOne, hub);
        PartnersWith(Alone, "baseline-c-partner");
        await server.LoadBatchAsync(batch);

        void PartnersWith(string from, string to)
        {
            var relationship = new Relationship
            {
                Key = "", Type = RelationshipType.PartnersWith, FromKind = NodeKind.Organisation, FromId = from, ToKind = NodeKind.Organisation, ToId = to,
                Role = "delivery partner",
            };
            relationship.Key = RelationshipKeys.For(relationship);
            batch.Relationships.Add(relationship);
            batch.RelationshipSources[relationship.Key] = new SortedSet<string>(StringComparer.Ordinal) { source };
            batch.NodeSources.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal) { source });
            batch.NodeSources.TryAdd(to, new SortedSet<string>(StringComparer.Ordinal) { source });
        }
    }

    private async Task<JsonNode> DataAsync(Question question)
    {
        var response = await server.QueryAsync(question.Document);
        Assert.True(response["errors"] is null, response["errors"]?.ToJsonString());
        return response["data"]!;
    }

    /// <summary>
    /// Runs the question's preparation (afresh: the store may have grown since) and its SQL on the server's store, and
    /// reads every value of every row, as the benchmark does.
    /// </summary>
    private async Task<List<object?[]>> RowsAsync(Question question)
    {
        await using DbConnection connection = server.Provider == StoreProvider.Sqlite
            ? new SqliteConnection(server.Store!.ConnectionString)
            : new NpgsqlConnection(server.Store!.ConnectionString);
        await connection.OpenAsync();
        await Clients.PrepareAsync(connection, question, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = question.Sql;
        foreach (var (name, value) in question.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add([.. row.Select(v => v is DBNull ? null : v)]);
        }

        return rows;
    }

    private static string Part(object?[] row) => (string)row[0]!;

    private static string Key(JsonNode globalId) =>
        GlobalId.TryDecode((string)globalId!, out _, out var key) ? key : throw new InvalidOperationException($"'{globalId}' is not a global id");

    private static string Relationship(
        string type, string from, string to, string? role, string? amount, string? currency, string? year, IEnumerable<string> sources) =>
        string.Join(' ', Name(type), from, to, role ?? "-", amount is null ? "-" : decimal.Parse(amount, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture),
            currency ?? "-", year ?? "-", string.Join(',', sources.Order(StringComparer.Ordinal)));

    /// <summary>An enum value as GraphQL names it (PARTNERS_WITH) or as the store holds it (PartnersWith), the same either way.</summary>
    private static string Name(string value) => value.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string? Text(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static string Number(JsonNode value) => ((double)value).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A score or overlap as the API gives it: rounded to four places.</summary>
    private static string Rounded(object? value) =>
        Math.Round(Convert.ToDouble(value, CultureInfo.InvariantCulture), 4).ToString("R", CultureInfo.InvariantCulture);
}

public sealed class SqliteDirectSqlAnswerTests(SqliteSyntheticApiServer server) : DirectSqlAnswerTests<SqliteSyntheticApiServer>(server);

public sealed class PostgresDirectSqlAnswerTests(PostgresSyntheticApiServer server) : DirectSqlAnswerTests<PostgresSyntheticApiServer>(server);

public sealed class PostgresNaturalCollationDirectSqlAnswerTests(PostgresNaturalCollationSyntheticApiServer server)
    : DirectSqlAnswerTests<PostgresNaturalCollationSyntheticApiServer>(server);

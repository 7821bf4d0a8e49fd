using System.Diagnostics;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Http;

/// <summary>
/// The graphql-http audit of the GraphQL-over-HTTP spec (npm graphql-http's auditServer, pinned by
/// tests/graphql-http-audit/package-lock.json), run by Node against the running API: every MUST and every SHOULD
/// passes, and the MAYs it fails are exactly those the README lists, each for the reason it gives.
/// </summary>
public abstract class GraphQLHttpAuditTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : ApiServer
{
    /// <summary>
    /// The MAYs the API fails on purpose (README, "The endpoint"): the audit sends its GETs without a
    /// GraphQL-Require-Preflight header, which a browser on another site could send too, so they are refused (400
    /// PREFLIGHT_REQUIRED) by the rule against cross-site requests.
    /// </summary>
    private static readonly HashSet<string> MayFailuresByDesign = ["5A70", "D6D5", "6A70"];

    private static readonly TimeSpan AuditTimeout = TimeSpan.FromMinutes(2);

    private static string ToolDirectory => Path.Combine(Repository.Root, "tests", "graphql-http-audit");

    [SkippableFact]
    public async Task Audit_PassesEveryMustAndShould_AndFailsOnlyTheMaysTheReadmeLists()
    {
        server.SkipIfUnavailable();
        var results = await RunAuditAsync(new Uri(server.Client.BaseAddress!, "/graphql").ToString());

        var failures = results.Where(r => r.Status != "ok").ToList();
        var required = failures.Where(r => r.Level is "MUST" or "SHOULD").ToList();
        Assert.True(required.Count == 0,
            $"{required.Count} MUST or SHOULD audits failed:{Environment.NewLine}" + string.Join(Environment.NewLine, required));

        Assert.Equal(13, results.Count(r => r.Level == "MUST"));
        Assert.Equal(23, results.Count(r => r.Level == "SHOULD"));

        var mays = failures.Where(r => r.Level == "MAY").ToList();
        Assert.True(mays.Select(r => r.Id).ToHashSet().SetEquals(MayFailuresByDesign),
            $"The failing MAY audits are not those the README lists ({string.Join(", ", MayFailuresByDesign)}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, mays));
        Assert.All(mays, r => Assert.Equal(400, r.ResponseStatus));
    }

    private static async Task<IReadOnlyList<AuditResult>> RunAuditAsync(string url)
    {
        Assert.True(File.Exists(Path.Combine(ToolDirectory, "node_modules", "graphql-http", "package.json")),
            $"graphql-http is not installed in {ToolDirectory}: the test project's build runs 'npm ci' there when npm is on PATH (Node.js 20 or later); run it by hand, or install Node.js and build again.");

        var start = new ProcessStartInfo("node") { WorkingDirectory = ToolDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("audit.mjs");
        start.ArgumentList.Add(url);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(AuditTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The audit did not finish within {AuditTimeout.TotalSeconds} s.");
        }

        Assert.True(process.ExitCode == 0, $"node audit.mjs exited with {process.ExitCode}: {await error}");
        return JsonNode.Parse(await output)!.AsArray().Select(r => new AuditResult(
            r!["id"]!.GetValue<string>(),
            r["name"]!.GetValue<string>(),
            r["status"]!.GetValue<string>(),
            r["reason"]?.GetValue<string>(),
            r["responseStatus"]?.GetValue<int>())).ToList();
    }

    private sealed record AuditResult(string Id, string Name, string Status, string? Reason, int? ResponseStatus)
    {
        /// <summary>MUST, SHOULD or MAY: every audit's name starts with its level.</summary>
        public string Level => Name.Split(' ')[0];

        public override string ToString() => $"{Id} {Name}: {Status}, {Reason} (HTTP {ResponseStatus})";
    }
}

public sealed class SqliteGraphQLHttpAuditTests(SqliteApiServer server) : GraphQLHttpAuditTests<SqliteApiServer>(server);

public sealed class PostgresGraphQLHttpAuditTests(PostgresApiServer server) : GraphQLHttpAuditTests<PostgresApiServer>(server);

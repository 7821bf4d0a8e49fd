using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Export;
using SocialEconomy.Graph.Store;
using SocialEconomy.Tests.Infrastructure;
using SocialEconomy.Tests.Ingest;

namespace SocialEconomy.Tests.Export;

/// <summary>"ingest export dump" and "ingest import dump" on each store: a documented, versioned file that restores exactly.</summary>
public abstract partial class DumpTests(StoreProvider provider)
{
    [SkippableFact]
    public async Task ExportDump_WritesHeaderWithFormatVersionAndCounts_RecordLines_AndAnEndLineWithThePrintedContentHash()
    {
        var store = await ExportStores.SeedAndIndigoAsync(provider);
        var file = ExportStores.TempPath("graph.dump.jsonl");

        var result = await IngestRunner.RunAsync(store, "export", "dump", file);

        Assert.True(result.Exit == 0, result.Error);
        var lines = File.ReadAllLines(file, Encoding.UTF8);
        var header = JsonNode.Parse(lines[0])!;
        Assert.Equal(("header", "social-economy-graph-dump", 1), ((string)header["record"]!, (string)header["format"]!, (int)header["version"]!));
        var counts = await ExportStores.CountsAsync(store);
        foreach (var kind in GraphCounts.Kinds)
        {
            Assert.Equal(counts.ByKind[kind], (long)header["counts"]![kind]!);
        }

        var body = lines[1..^1];
        Assert.Equal(counts.Nodes + counts.Relationships, body.Length);
        Assert.Equal(counts.Nodes, body.Count(l => l.StartsWith("""{"record":"node",""", StringComparison.Ordinal)));
        Assert.Contains(body, l => l.Contains("\"origin\":\"indigo\"", StringComparison.Ordinal));
        Assert.Contains(body, l => l.Contains("\"amount\":", StringComparison.Ordinal));

        // The content hash is the SHA-256 of the record lines, as docs/dump-format.md says (sed '1d;$d' | sha256sum).
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(body.Select(l => l + "\n")))));
        var end = JsonNode.Parse(lines[^1])!;
        Assert.Equal("end", (string)end["record"]!);
        Assert.Equal(hash, (string)end["contentHash"]!);
        Assert.Equal(hash, PrintedHash(result.Output));
        Assert.Equal(hash, await ExportStores.ContentHashAsync(store));
    }

    [SkippableFact]
    public async Task ImportDump_IntoAnEmptyStore_RestoresTheSameContent_AndExportsTheSameBytes()
    {
        var source = await ExportStores.SeedAndIndigoAsync(provider);
        var target = await ExportStores.EmptyAsync(provider);
        var first = ExportStores.TempPath("first.jsonl");
        var second = ExportStores.TempPath("second.jsonl");
        Assert.Equal(0, (await IngestRunner.RunAsync(source, "export", "dump", first)).Exit);

        var restore = await IngestRunner.RunAsync(target, "import", "dump", first);
        var export = await IngestRunner.RunAsync(target, "export", "dump", second);

        Assert.True(restore.Exit == 0, restore.Error);
        Assert.True(export.Exit == 0, export.Error);
        Assert.Equal(await ExportStores.ContentHashAsync(source), await ExportStores.ContentHashAsync(target));
        Assert.Equal(PrintedHash(restore.Output), PrintedHash(export.Output));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(await ExportStores.CountsAsync(source), await ExportStores.CountsAsync(target), new CountsComparer());
        // A dump holds no derived facts: the restore decides the verdicts again, as the loads had.
        Assert.Equal(await VerdictsAsync(source), await VerdictsAsync(target));
    }

    private static Task<List<string>> VerdictsAsync(TestStore store) => ExportStores.WithDbAsync(store, async db =>
    {
        var models = (await db.ModelVerdicts.AsNoTracking().ToListAsync()).Select(v => $"{v.ModelId}: {v.Verdict} {v.Rule} {v.DecidedBy} {v.Reason}");
        var areas = (await db.AreaVerdicts.AsNoTracking().ToListAsync()).Select(v => $"{v.ModelId} in {v.AreaId}: {v.Verdict} {v.BestEvidenceLevel} {v.DecidedBy} {v.Reason}");
        var all = models.Concat(areas).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(all, v => v.Contains(" in homelessness: Effective", StringComparison.Ordinal));
        return all;
    });

    [SkippableFact]
    public async Task ImportDump_IntoAStoreThatHoldsAGraph_IsRefused_AndChangesNothing()
    {
        var source = await ExportStores.SeedAndIndigoAsync(provider);
        var target = await ExportStores.EmptyAsync(provider);
        Assert.Equal(0, (await IngestRunner.RunAsync(target, "load", Repository.SeedData)).Exit);
        var before = await StoreFingerprint.ComputeAsync(target);
        var file = ExportStores.TempPath("graph.jsonl");
        Assert.Equal(0, (await IngestRunner.RunAsync(source, "export", "dump", file)).Exit);

        var result = await IngestRunner.RunAsync(target, "import", "dump", file);

        Assert.Equal(3, result.Exit);
        Assert.Contains("is not empty", result.Error);
        Assert.Contains("restored into an empty store only", result.Error);
        Assert.Equal(before, await StoreFingerprint.ComputeAsync(target));
    }

    [SkippableFact]
    public async Task ImportDump_OfAnEditedTruncatedOrBrokenFile_IsRefused_SayingWhere_AndWritesNothing()
    {
        var source = await ExportStores.SeedAndIndigoAsync(provider);
        var file = ExportStores.TempPath("graph.jsonl");
        Assert.Equal(0, (await IngestRunner.RunAsync(source, "export", "dump", file)).Exit);
        var lines = File.ReadAllLines(file, Encoding.UTF8);
        var organisation = Array.FindIndex(lines, l => l.Contains("\"kind\":\"Organisation\"", StringComparison.Ordinal));

        var edited = (string[])lines.Clone();
        edited[organisation] = NameValue().Replace(edited[organisation], "\"name\":\"Someone else\"", 1);
        await AssertRefusedAsync(edited, "the file was changed or damaged");

        await AssertRefusedAsync(lines[..^1], "incomplete");

        var broken = (string[])lines.Clone();
        broken[organisation] = broken[organisation][..^5];
        await AssertRefusedAsync(broken, $"graph.jsonl:{organisation + 1}: the line is not valid JSON");

        var wrongValue = (string[])lines.Clone();
        var evidence = Array.FindIndex(lines, l => l.Contains("\"kind\":\"Evidence\"", StringComparison.Ordinal));
        wrongValue[evidence] = DesignValue().Replace(wrongValue[evidence], "\"design\":\"Hearsay\"", 1);
        await AssertRefusedAsync(wrongValue, $"graph.jsonl:{evidence + 1}: node: field 'design': 'Hearsay' is not one of Rct,");

        var misjoined = (string[])lines.Clone();
        var runs = Array.FindIndex(lines, l => l.Contains("\"type\":\"Runs\"", StringComparison.Ordinal));
        misjoined[runs] = misjoined[runs].Replace("\"type\":\"Runs\"", "\"type\":\"Reports\"", StringComparison.Ordinal);
        await AssertRefusedAsync(misjoined, $"graph.jsonl:{runs + 1}: relationship: a Reports relationship cannot join Organisation to Model.");

        var dangling = (string[])lines.Clone();
        dangling[runs] = ToIdValue().Replace(dangling[runs], "\"toId\":\"nowhere\"", 1);
        await AssertRefusedAsync(dangling, $"graph.jsonl:{runs + 1}: relationship: it reaches Model 'nowhere', which no node line of the dump holds.");

        var newer = (string[])lines.Clone();
        newer[0] = newer[0].Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal);
        await AssertRefusedAsync(newer, "graph.jsonl:1: the dump is format version 2; this tool reads version 1");
    }

    private async Task AssertRefusedAsync(string[] lines, string expected)
    {
        var target = await ExportStores.EmptyAsync(provider);
        var file = ExportStores.TempPath("graph.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));

        var result = await IngestRunner.RunAsync(target, "import", "dump", file);

        Assert.True(result.Exit == 1, $"exit {result.Exit}: {result.Error}");
        Assert.Contains(expected, result.Error);
        Assert.Contains("Nothing was written", result.Error);
        Assert.Equal(0, (await ExportStores.CountsAsync(target)).Total);
    }

    internal static string PrintedHash(string output) => HashLine().Match(output) is { Success: true } m ? m.Groups[1].Value : "(no hash printed)";

    [GeneratedRegex(@"Content hash: (sha256:[0-9a-f]{64})")]
    private static partial Regex HashLine();

    [GeneratedRegex("\"name\":\"[^\"]*\"")]
    private static partial Regex NameValue();

    [GeneratedRegex("\"design\":\"[^\"]*\"")]
    private static partial Regex DesignValue();

    [GeneratedRegex("\"toId\":\"[^\"]*\"")]
    private static partial Regex ToIdValue();

    internal sealed class CountsComparer : IEqualityComparer<GraphCounts>
    {
        public bool Equals(GraphCounts? x, GraphCounts? y) => x!.ToString() == y!.ToString();

        public int GetHashCode(GraphCounts obj) => obj.ToString().GetHashCode(StringComparison.Ordinal);
    }
}

public sealed class SqliteDumpTests() : DumpTests(StoreProvider.Sqlite);

public sealed class PostgresDumpTests() : DumpTests(StoreProvider.Postgres);

/// <summary>The same graph moved SQLite to PostgreSQL to SQLite is the same graph, by content hash and byte for byte.</summary>
public sealed class DumpRoundTripTests
{
    [SkippableFact]
    public async Task SqliteToPostgresToSqlite_KeepsNodesRelationshipsPropertiesAndSources()
    {
        var sqlite = await ExportStores.SeedAndIndigoAsync(StoreProvider.Sqlite);
        var postgres = await ExportStores.EmptyAsync(StoreProvider.Postgres);
        var back = await ExportStores.EmptyAsync(StoreProvider.Sqlite);
        var fromSqlite = ExportStores.TempPath("from-sqlite.jsonl");
        var fromPostgres = ExportStores.TempPath("from-postgres.jsonl");
        var fromBack = ExportStores.TempPath("from-back.jsonl");

        var exported = await IngestRunner.RunAsync(sqlite, "export", "dump", fromSqlite);
        Assert.True((await IngestRunner.RunAsync(postgres, "import", "dump", fromSqlite)).Exit == 0);
        Assert.True((await IngestRunner.RunAsync(postgres, "export", "dump", fromPostgres)).Exit == 0);
        Assert.True((await IngestRunner.RunAsync(back, "import", "dump", fromPostgres)).Exit == 0);
        Assert.True((await IngestRunner.RunAsync(back, "export", "dump", fromBack)).Exit == 0);

        var hash = DumpTests.PrintedHash(exported.Output);
        Assert.Equal(hash, await ExportStores.ContentHashAsync(postgres));
        Assert.Equal(hash, await ExportStores.ContentHashAsync(back));
        Assert.Equal(File.ReadAllBytes(fromSqlite), File.ReadAllBytes(fromPostgres));
        Assert.Equal(File.ReadAllBytes(fromSqlite), File.ReadAllBytes(fromBack));
    }
}

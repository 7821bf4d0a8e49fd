using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Export;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest export dump|neo4j|graphml: writes the graph out, as one committed state of the store; the store is only read.</summary>
public sealed class ExportCommand : Command
{
    public ExportCommand(StoreSelection store, TextWriter output, TextWriter error)
        : base("export", "Write the graph out: a dump to restore, CSV files and a Cypher script for Neo4j, or GraphML for Gephi and Cytoscape.")
    {
        var dumpFile = new Argument<FileInfo>("file") { Description = "The dump file to write (JSON Lines, see docs/dump-format.md), e.g. graph.dump.jsonl." };
        var dump = new Command("dump", "Write the whole graph, provenance included, to a file that 'import dump' restores; prints its content hash.") { dumpFile };
        dump.SetAction((parseResult, cancellationToken) => new ExportRun(store, error, parseResult).RunAsync(async (db, target) =>
        {
            var file = parseResult.GetValue(dumpFile)!.FullName;
            var summary = await WriteFileAsync(file, stream => GraphDump.WriteAsync(db, stream, cancellationToken), cancellationToken);
            await output.WriteLineAsync($"Wrote {summary.Counts.Nodes} nodes and {summary.Counts.Relationships} relationships from {target} to {file}.");
            await output.WriteLineAsync($"  {summary.Counts}");
            await output.WriteLineAsync($"Content hash: {summary.ContentHash}");
        }));

        var neo4jDirectory = new Argument<DirectoryInfo>("directory") { Description = "The folder to write nodes/*.csv, relationships/*.csv and load.cypher into." };
        var neo4j = new Command("neo4j", "Write CSV files in the neo4j-admin import format, one per label and relationship type, and load.cypher for LOAD CSV.") { neo4jDirectory };
        neo4j.SetAction((parseResult, cancellationToken) => new ExportRun(store, error, parseResult).RunAsync(async (db, target) =>
        {
            var directory = parseResult.GetValue(neo4jDirectory)!.FullName;
            Directory.CreateDirectory(directory);
            var rows = await Neo4jExport.WriteAsync(db, directory, cancellationToken);
            await output.WriteLineAsync($"Wrote {rows.Count} CSV files and {Neo4jExport.CypherScript} from {target} to {directory}:");
            foreach (var (file, count) in rows)
            {
                await output.WriteLineAsync($"  {file,-40}{count,10}");
            }
        }));

        var graphmlFile = new Argument<FileInfo>("file") { Description = "The GraphML file to write, e.g. graph.graphml." };
        var around = new Option<string?>("--around") { Description = "Only the neighbourhood of the node with this key (e.g. an organisation's id in seed-data)." };
        var depth = new Option<int>("--depth") { Description = "With --around: how many relationships away to go (default 2).", DefaultValueFactory = _ => 2 };
        var maxNodes = new Option<int>("--max-nodes") { Description = "With --around: the most nodes to include, nearest first (default 5000).", DefaultValueFactory = _ => 5000 };
        var graphml = new Command("graphml", "Write the graph, or the neighbourhood of one node, as GraphML with typed attributes.") { graphmlFile, around, depth, maxNodes };
        graphml.SetAction((parseResult, cancellationToken) => new ExportRun(store, error, parseResult).RunAsync(async (db, target) =>
        {
            var file = parseResult.GetValue(graphmlFile)!.FullName;
            if (parseResult.GetValue(depth) < 0 || parseResult.GetValue(maxNodes) < 1)
            {
                throw new ExportInputException("--depth must be 0 or more, and --max-nodes 1 or more.");
            }

            GraphMLSummary summary;
            if (parseResult.GetValue(around) is { } key)
            {
                var kind = await GraphContent.FindKindAsync(db, key, cancellationToken)
                    ?? throw new ExportInputException($"no node has the key '{key}' in {target}.");
                summary = await WriteFileAsync(file, stream => GraphMLExport.WriteNeighbourhoodAsync(
                    db, new NodeRef(kind, key), parseResult.GetValue(depth), parseResult.GetValue(maxNodes), stream, cancellationToken), cancellationToken);
                if (summary.Truncated)
                {
                    await error.WriteLineAsync($"warning: more than {parseResult.GetValue(maxNodes)} nodes lie within {parseResult.GetValue(depth)} hops of '{key}'; the nearest were written (raise --max-nodes for more).");
                }
            }
            else
            {
                summary = await WriteFileAsync(file, stream => GraphMLExport.WriteAsync(db, stream, cancellationToken), cancellationToken);
            }

            await output.WriteLineAsync($"Wrote {summary.Nodes} nodes and {summary.Edges} edges from {target} to {file}.");
        }));

        Subcommands.Add(dump);
        Subcommands.Add(neo4j);
        Subcommands.Add(graphml);
    }

    /// <summary>Writes beside the file and renames at the end, so an interrupted export never leaves half a file under its name.</summary>
    private static async Task<T> WriteFileAsync<T>(string path, Func<Stream, Task<T>> write, CancellationToken cancellationToken)
    {
        var partial = $"{path}.partial-{Environment.ProcessId}";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            T result;
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                result = await write(stream);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>A mistake in what the command was asked for, found once the store was read (e.g. an unknown key).</summary>
    private sealed class ExportInputException(string message) : Exception(message);

    /// <summary>One export: open the store, check it holds a current graph, write, report.</summary>
    private sealed class ExportRun(StoreSelection store, TextWriter error, ParseResult parseResult)
    {
        public async Task<int> RunAsync(Func<GraphDbContext, string, Task> export)
        {
            await using var services = store.CreateServices(parseResult);
            using var scope = services.CreateScope();
            var target = StoreSelection.Describe(services.GetRequiredService<StoreOptions>());
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
                if (!(await db.Database.GetAppliedMigrationsAsync()).Any())
                {
                    await error.WriteLineAsync($"error: {target} holds no graph (its schema was never created); nothing to export.");
                    return ExitCodes.StoreFailure;
                }

                if ((await db.Database.GetPendingMigrationsAsync()).Any())
                {
                    await error.WriteLineAsync($"error: {target} has an older schema; run 'ingest migrate' first, then export.");
                    return ExitCodes.StoreFailure;
                }

                await export(db, target);
                return ExitCodes.Success;
            }
            catch (ExportInputException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("Cancelled; no export file was completed.");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: could not write the export: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (Exception ex)
            {
                await error.WriteLineAsync($"error: exporting from {target} failed: {ex.GetBaseException().Message}");
                return ExitCodes.StoreFailure;
            }
        }
    }
}

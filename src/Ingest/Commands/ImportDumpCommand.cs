using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Export;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest import dump &lt;file&gt;: restores a dump written by 'export dump' into an empty store, all or nothing.</summary>
public sealed class ImportDumpCommand : Command
{
    public ImportDumpCommand(StoreSelection store, TextWriter output, TextWriter error)
        : base("dump", "Restore a dump written by 'export dump' into an empty store (SQLite or PostgreSQL) in one transaction, checking its content hash.")
    {
        var file = new Argument<FileInfo>("file") { Description = "The dump file (JSON Lines, see docs/dump-format.md)." };
        Arguments.Add(file);
        SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            await using var services = store.CreateServices(parseResult);
            using var scope = services.CreateScope();
            var target = StoreSelection.Describe(services.GetRequiredService<StoreOptions>());
            try
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
                await db.MigrateGraphAsync(cancellationToken);
                await output.WriteLineAsync($"Restoring {path} into {target}...");
                var summary = await GraphDump.RestoreAsync(db, stream, cancellationToken);
                await output.WriteLineAsync($"Restored {summary.Counts.Nodes} nodes and {summary.Counts.Relationships} relationships.");
                await output.WriteLineAsync($"  {summary.Counts}");
                await output.WriteLineAsync($"Content hash: {summary.ContentHash} (the dump's; verified on the restored store)");
                return ExitCodes.Success;
            }
            catch (DumpFormatException ex)
            {
                var where = ex.Line > 0 ? $"{path}:{ex.Line}" : path;
                await error.WriteLineAsync($"error: {where}: {ex.Message}. Nothing was written.");
                return ExitCodes.InvalidInput;
            }
            catch (StoreNotEmptyException ex)
            {
                await error.WriteLineAsync($"error: {target}: {ex.Message}. Nothing was written; restore into a new database or file.");
                return ExitCodes.StoreFailure;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: cannot read {path}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("Cancelled; nothing was written.");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex)
            {
                await error.WriteLineAsync($"error: restoring into {target} failed, nothing was written: {ex.GetBaseException().Message}");
                return ExitCodes.StoreFailure;
            }
        });
    }
}

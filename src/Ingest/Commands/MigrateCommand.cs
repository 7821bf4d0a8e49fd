using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Ingest.Commands;

/// <summary>ingest migrate: creates the store or upgrades its schema.</summary>
public sealed class MigrateCommand : Command
{
    public MigrateCommand(StoreSelection store, TextWriter output, TextWriter error)
        : base("migrate", "Create the store, or bring its schema up to date.")
    {
        SetAction(async (parseResult, cancellationToken) =>
        {
            await using var services = store.CreateServices(parseResult);
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            var target = StoreSelection.Describe(services.GetRequiredService<StoreOptions>());
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.MigrateGraphAsync(cancellationToken);
                await output.WriteLineAsync(pending.Count == 0
                    ? $"{target}: schema already up to date."
                    : $"{target}: applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await error.WriteLineAsync($"error: could not migrate {target}: {ex.GetBaseException().Message}");
                return ExitCodes.StoreFailure;
            }
        });
    }
}

using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Ingest;

/// <summary>
/// Which store a command works on: the "Store" configuration from environment variables
/// (Store__Provider, Store__ConnectionString), overridden by --provider and --connection.
/// </summary>
public sealed class StoreSelection
{
    public Option<StoreProvider?> Provider { get; } = new("--provider")
    {
        Description = "Sqlite or Postgres (default: Store__Provider, else Sqlite).",
        Recursive = true,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "Connection string (default: Store__ConnectionString, else \"Data Source=graph.db\").",
        Recursive = true,
    };

    public ServiceProvider CreateServices(ParseResult parseResult)
    {
        var overrides = new Dictionary<string, string?>();
        if (parseResult.GetValue(Provider) is { } provider)
        {
            overrides[$"{StoreOptions.Section}:{nameof(StoreOptions.Provider)}"] = provider.ToString();
        }

        if (parseResult.GetValue(Connection) is { } connection)
        {
            overrides[$"{StoreOptions.Section}:{nameof(StoreOptions.ConnectionString)}"] = connection;
        }

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        return new ServiceCollection().AddKnowledgeGraph(configuration).BuildServiceProvider();
    }

    /// <summary>Describes the store without its password, for messages.</summary>
    public static string Describe(StoreOptions options)
    {
        var parts = options.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("password", StringComparison.OrdinalIgnoreCase));
        return $"{options.Provider} ({string.Join(";", parts)})";
    }

    /// <summary>
    /// Runs a command's writes on the selected store, schema brought up to date first: the one place that turns
    /// cancellation and store failures into their messages and exit codes. <paramref name="verb"/> names the
    /// work in the failure message, e.g. "loading".
    /// </summary>
    public async Task<int> WriteAsync(
        ParseResult parseResult, TextWriter error, string verb,
        Func<IServiceProvider, GraphDbContext, string, Task<int>> work, CancellationToken cancellationToken)
    {
        await using var services = CreateServices(parseResult);
        using var scope = services.CreateScope();
        var target = Describe(services.GetRequiredService<StoreOptions>());
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();
            await db.MigrateGraphAsync(cancellationToken, TimeSpan.FromSeconds(services.GetRequiredService<StoreOptions>().LoadWaitSeconds));
            return await work(scope.ServiceProvider, db, target);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled; nothing was written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"error: {verb} into {target} failed, nothing was written: {ex.GetBaseException().Message}");
            return ExitCodes.StoreFailure;
        }
    }
}

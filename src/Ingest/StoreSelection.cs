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
}

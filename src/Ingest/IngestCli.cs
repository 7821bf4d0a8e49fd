using System.CommandLine;
using SocialEconomy.Ingest.Commands;

namespace SocialEconomy.Ingest;

/// <summary>The command tree of the ingest tool. Output goes to the writers given, so tests can read it.</summary>
public static class IngestCli
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var store = new StoreSelection();
        var root = new RootCommand("Loads, validates and manages the social-economy knowledge graph.")
        {
            Options = { store.Provider, store.Connection },
        };
        root.Subcommands.Add(new MigrateCommand(store, output, error));
        root.Subcommands.Add(new ValidateCommand(output, error));
        root.Subcommands.Add(new LoadCommand(store, output, error));
        root.Subcommands.Add(new ImportCommand(store, output, error));
        root.Subcommands.Add(new ExportCommand(store, output, error));
        root.Subcommands.Add(new GenerateCommand(store, output, error));
        return root;
    }
}

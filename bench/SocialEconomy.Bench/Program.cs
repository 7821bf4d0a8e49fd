using SocialEconomy.Bench;
using SocialEconomy.Bench.Api;
using SocialEconomy.Graph.Store;

// The harness starts the API as a child process of this same program (see ApiHost); everything else is the harness's command line.
if (args is [ApiHost.Command, .. var apiArguments])
{
    return await ApiHost.RunAsync(apiArguments);
}

// The direct SQL's SQLite connections run with the library settings the API's have, set before any connection opens.
SqliteLibrary.Configure();

// On Ctrl+C or SIGTERM the run is cancelled; give it time to stop its API and PostgreSQL and delete its files.
return await BenchCli.Build(Console.Out, Console.Error).Parse(args)
    .InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

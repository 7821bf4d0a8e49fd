using System.Diagnostics;
using SocialEconomy.Ingest;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Ingest;

/// <summary>Runs the ingest tool's commands in-process, or as the real program for exit-code checks.</summary>
public static class IngestRunner
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(TestStore? store, params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] storeArguments = store is null ? [] : ["--provider", store.Provider.ToString(), "--connection", store.ConnectionString];
        var exit = await IngestCli.Build(output, error).Parse([.. arguments, .. storeArguments]).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    public static Task<(int Exit, string Output, string Error)> RunProcessAsync(params string[] arguments) =>
        RunProcessAsync(new Dictionary<string, string>(), arguments);

    /// <summary>The real program, with <paramref name="environment"/> added to its environment (e.g. Store__LoadWaitSeconds).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunProcessAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ingest.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>A copy of the real seed data in a temp directory, to be damaged by a test.</summary>
    public static string CopyOfSeedData()
    {
        var copy = Path.Combine(RunDirectories.Scratch, $"seed-copy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(copy);
        // The curated files and the folders the seed reads with them (crosswalks, reference tables); not open/,
        // which names the publishers' datasets loaded on an API's first start.
        foreach (var file in Directory.GetFiles(Repository.SeedData, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repository.SeedData, file);
            if (relative.StartsWith("open" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }

        return copy;
    }
}

using SocialEconomy.Api.Hosting;

namespace SocialEconomy.Bench.Api;

/// <summary>
/// The API as the benchmark runs it, in a process of its own: exactly the product's host (<see cref="ApiApplication.Build"/>,
/// as src/Api's Program runs it) with one extra route, <see cref="MinimalPath"/>, a minimal JSON endpoint in the same
/// process and pipeline that HTTP throughput is compared with. The route lives here, not in the product, so no copy
/// of the API ever ships it.
/// </summary>
public static class ApiHost
{
    public const string Command = "api-host";
    public const string MinimalPath = "/bench/minimal";

    /// <summary>The harness's process id, given first: the API stops when the harness is gone, however it ended.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parent = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        var app = ApiApplication.Build(args[1..]);
        app.MapGet(MinimalPath, () => Results.Json(new { data = new { ok = true } }));
        _ = Task.Run(async () =>
        {
            while (IsRunning(parent))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            await app.StopAsync();
        });
        await app.RunAsync();
        return 0;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

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

    public static async Task<int> RunAsync(string[] args)
    {
        var app = ApiApplication.Build(args);
        app.MapGet(MinimalPath, () => Results.Json(new { data = new { ok = true } }));
        await app.RunAsync();
        return 0;
    }
}

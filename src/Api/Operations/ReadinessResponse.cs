using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SocialEconomy.Api.Operations;

/// <summary>
/// The answer of /readyz: its status code says ready or not, and its JSON body what each check found, e.g. which
/// replica the reads go to and how far behind it is. The checks' descriptions are written for the public: the
/// reasons behind a failure go to the log.
/// </summary>
public static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, Options, http.RequestAborted);
    }

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}

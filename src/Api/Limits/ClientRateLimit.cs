using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SocialEconomy.Api.Endpoint;

namespace SocialEconomy.Api.Limits;

/// <summary>
/// A fixed window of requests per client at /graphql, the client being its remote address (behind a proxy named in
/// Security:TrustedProxies, the address the proxy forwards). Over the limit: 429 with Retry-After.
/// </summary>
public static class ClientRateLimit
{
    public const string Policy = "graphql-client";

    public static IServiceCollection AddClientRateLimit(this IServiceCollection services, LimitsOptions limits) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, http => limits.RateLimitPermits <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RateLimitPermits,
                    Window = TimeSpan.FromSeconds(limits.RateLimitWindowSeconds),
                    QueueLimit = 0,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : limits.RateLimitWindowSeconds;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
                await ProblemResponse.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "RATE_LIMITED",
                    $"This client has made more than {limits.RateLimitPermits} requests in {limits.RateLimitWindowSeconds} s; retry after the number of seconds in Retry-After.",
                    cancellationToken);
            };
        });
}

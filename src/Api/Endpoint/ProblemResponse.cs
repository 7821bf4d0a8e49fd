using System.Text.Json;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// An answer given before GraphQL runs (or instead of it): the GraphQL error shape, so that clients read one
/// format, but always in application/json, never the GraphQL response media type, as the spec requires of
/// anything that is not a GraphQL response.
/// </summary>
public static class ProblemResponse
{
    public static async Task WriteAsync(HttpContext http, int status, string code, string message, CancellationToken cancellationToken = default)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = $"{GraphQLEndpoint.JsonMediaType}; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body,
            new { errors = new[] { new { message, extensions = new { code } } } }, cancellationToken: cancellationToken);
    }
}

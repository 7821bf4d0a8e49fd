using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Http;

/// <summary>Raw HTTP requests to /graphql, for tests that need to control every header and byte.</summary>
public static class Http
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string PlainJson = "application/json";

    public static HttpRequestMessage Post(string body, string? contentType = PlainJson, string? accept = GraphQLResponse)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    public static HttpRequestMessage PostJson(object body, string? accept = GraphQLResponse) => Post(JsonSerializer.Serialize(body), PlainJson, accept);

    /// <summary>A GET with the preflight header a non-browser client sends.</summary>
    public static HttpRequestMessage Get(string queryString, string? accept = GraphQLResponse, bool preflight = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (preflight)
        {
            request.Headers.Add("GraphQL-Require-Preflight", "1");
        }

        return request;
    }

    public static string Q(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";

    public static async Task<Answer> SendAsync(this ApiServer server, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await server.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? body = null;
            try
            {
                body = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }

            return new Answer(response.StatusCode, response.Content.Headers.ContentType, response.Headers, string.Join(", ", response.Content.Headers.Allow), text, body);
        }
    }
}

/// <summary>What came back: status, media type, headers and the body, parsed when it is JSON.</summary>
public sealed record Answer(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, HttpResponseHeaders Headers, string Allow, string Text, JsonNode? Body)
{
    public string? MediaType => ContentType?.MediaType;

    public string? FirstErrorCode => Body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    public override string ToString() => $"HTTP {(int)Status} {MediaType}: {(Text.Length > 500 ? Text[..500] + "..." : Text)}";
}

using System.Security.Cryptography;
using System.Text;
using GraphQL.Transport;
using Microsoft.Net.Http.Headers;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Caching;

/// <summary>
/// HTTP caching of GET requests: an answer's identity is its request (document or document id, variables,
/// operation name, extensions), the media type it is written in, the build of the API and the store's data
/// version, so its strong ETag is known before anything runs, and a client (or a proxy) that holds it gets 304
/// without a statement: the version is read by <see cref="DataVersionMonitor"/>, not by the request, so a load by any
/// process, the ingest tool included, changes every ETag within one check of the version.
/// </summary>
public sealed class HttpCaching(HttpCachingOptions options, AnswerCache answers, DataVersionMonitor version)
{
    /// <summary>What a response that must not be kept carries: answers to POST, errors, anything uncacheable.</summary>
    public const string NoStore = "no-store";

    /// <summary>
    /// The build of the API and of the graph library: a new build may answer the same request differently (a new
    /// field, another rule), so its ETags differ. Two processes of one build agree.
    /// </summary>
    private static readonly string Build =
        typeof(HttpCaching).Assembly.ManifestModule.ModuleVersionId.ToString("N") + typeof(StoreVersion).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public bool Enabled => options.Enabled;

    public AnswerCache Answers => answers;

    /// <summary>The store's data version, or null (and the request is answered uncached) when the store cannot say.</summary>
    public StoreVersion? Version => version.Current;

    /// <summary>The strong ETag of the answer to this GET, in the negotiated media type, at this data version.</summary>
    public static string ETagFor(HttpRequest http, GraphQLRequest request, string responseType, StoreVersion version)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, "graphql-get/1");
        Add(hash, Build);
        Add(hash, responseType);
        Add(hash, request.DocumentId is { } id ? "id:" + id : "query:" + request.Query);
        Add(hash, request.OperationName);
        // The variables and extensions as sent: the same request always has the same ETag.
        Add(hash, http.Query["variables"].ToString());
        Add(hash, http.Query["extensions"].ToString());
        Add(hash, $"{version.Loads}:{version.LastLoadId}");
        return $"\"{Base64Url(hash.GetHashAndReset().AsSpan(0, 18))}\"";
    }

    /// <summary>Whether If-None-Match names <paramref name="etag"/> (weak comparison, as RFC 9110 asks for If-None-Match).</summary>
    public static bool Matches(HttpRequest http, string etag)
    {
        var header = http.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var ours = new EntityTagHeaderValue(etag);
        return tags.Any(tag => !tag.Equals(EntityTagHeaderValue.Any) && tag.Compare(ours, useStrongComparison: false));
    }

    /// <summary>The headers of a cacheable answer or of its 304.</summary>
    public void MarkCacheable(HttpResponse response, string etag)
    {
        response.Headers.ETag = etag;
        response.Headers.Vary = "Accept";
        if (string.IsNullOrWhiteSpace(options.CacheControl))
        {
            response.Headers.Remove(HeaderNames.CacheControl);
        }
        else
        {
            response.Headers.CacheControl = options.CacheControl;
        }
    }

    private static void Add(IncrementalHash hash, string? value)
    {
        // Length first, so that no two different lists of values run together into the same bytes.
        var bytes = Encoding.UTF8.GetBytes(value ?? "");
        hash.AppendData(BitConverter.GetBytes(value is null ? -1 : bytes.Length));
        hash.AppendData(bytes);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

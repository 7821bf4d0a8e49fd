using BenchmarkDotNet.Attributes;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Builder;
using SocialEconomy.Api.Endpoint;
using SocialEconomy.Api.Hosting;
using SocialEconomy.Api.Limits;
using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Bench.Micro;

/// <summary>
/// What the endpoint spends on a document before anything runs, with and without the document cache: without, it
/// parses the text, measures its shape and runs every validation rule; with, it looks the text up, checks the cached
/// shape against the limits and runs the rules that depend on the request (the cost). Variables are coerced either way.
/// </summary>
[MemoryDiagnoser]
public class ParseValidateBenchmarks
{
    /// <summary>The organisation-profile example: a realistic, nested document.</summary>
    public static readonly string Document = QuestionSet.OrganisationProfile("gm-homes-partnership");

    private WebApplication _app = null!;
    private ISchema _schema = null!;
    private IDocumentValidator _validator = null!;
    private GraphQLEndpoint _endpoint = null!;
    private LimitsOptions _limits = null!;
    private DocumentCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The API's own services, built but never started: the store is not touched.
        _app = ApiApplication.Build(["--Store:ConnectionString=Data Source=:memory:", "--Logging:LogLevel:Default=Warning"]);
        _schema = _app.Services.GetRequiredService<ISchema>();
        _schema.Initialize();
        _validator = _app.Services.GetRequiredService<IDocumentValidator>();
        _endpoint = _app.Services.GetRequiredService<GraphQLEndpoint>();
        _limits = _app.Services.GetRequiredService<LimitsOptions>();
        _cache = new DocumentCache(new DocumentCacheOptions());
        _cache.Add(Document, new CachedDocument(DocumentCache.TryParse(Document)!));
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "parse + validate, no cache")]
    public async Task<bool> WithoutCacheAsync()
    {
        var cached = new CachedDocument(DocumentCache.TryParse(Document)!);
        return cached.ShapeFor(null).Check(_limits) is null && await ValidateAsync(cached.Document, _endpoint.ValidationRules);
    }

    [Benchmark(Description = "cached document")]
    public async Task<bool> WithCacheAsync()
    {
        var cached = _cache.TryGet(Document)!;
        return cached.ShapeFor(null).Check(_limits) is null && await ValidateAsync(cached.Document, _endpoint.CachedValidationRules);
    }

    private async Task<bool> ValidateAsync(GraphQLDocument document, IEnumerable<IValidationRule> rules)
    {
        var result = await _validator.ValidateAsync(new ValidationOptions
        {
            Schema = _schema,
            Document = document,
            Rules = rules,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().First(),
            UserContext = new Dictionary<string, object?>(),
            Variables = Inputs.Empty,
            Extensions = Inputs.Empty,
            RequestServices = _app.Services,
            Metrics = GraphQL.Instrumentation.Metrics.None,
        });
        return result.IsValid ? true : throw new InvalidOperationException(result.Errors[0].Message);
    }
}

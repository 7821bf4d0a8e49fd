using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Search;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Traversal;

namespace SocialEconomy.Api.Search;

/// <summary>Root fields for full-text search across all entity types.</summary>
public static class SearchQueries
{
    /// <summary>
    /// One argument per searchable type, named as its root connection and taking that connection's where input: the
    /// conditions results of that type must meet, compiled by the same filter definitions.
    /// </summary>
    private static readonly SearchCondition[] Conditions =
    [
        SearchCondition.Of<Organisation, OrganisationFilterInputType>("organisations", NodeKind.Organisation, "region: { eq: \"North East\" }, status: { eq: ACTIVE }", OrganisationFilter.Definition, db => db.Organisations, o => o.Id),
        SearchCondition.Of<Model, ModelFilterInputType>("models", NodeKind.Model, "family: { eq: CO_OPERATIVE }", ModelFilter.Definition, db => db.Models, m => m.Id),
        SearchCondition.Of<ChallengeArea, ChallengeAreaFilterInputType>("challengeAreas", NodeKind.ChallengeArea, "depth: { eq: 0 }", ChallengeAreaFilter.Definition, db => db.ChallengeAreas, a => a.Id),
        SearchCondition.Of<Funder, FunderFilterInputType>("funders", NodeKind.Funder, "kind: { eq: FOUNDATION }", FunderFilter.Definition, db => db.Funders, f => f.Id),
        SearchCondition.Of<Outcome, OutcomeFilterInputType>("outcomes", NodeKind.Outcome, "challengeAreas: { some: { key: { eq: \"homelessness\" } } }", OutcomeFilter.Definition, db => db.Outcomes, o => o.Id),
        SearchCondition.Of<EvidenceItem, EvidenceFilterInputType>("evidence", NodeKind.Evidence, "rating: { level: { gte: 3 } }", EvidenceFilter.Definition, db => db.Evidence, e => e.Id),
        SearchCondition.Of<Source, SourceFilterInputType>("sources", NodeKind.Source, "publisher: { contains: \"Government Outcomes Lab\" }", SourceFilter.Definition, db => db.Sources, s => s.Id),
    ];

    public static void AddSearchFields(this ObjectGraphType query)
    {
        var field = query.Field<NonNullGraphType<SearchResultConnectionType>>("search")
            .Description("Full-text search across organisations, models, challenge areas, funders, outcomes, evidence and sources, best match first. Every word of the query must occur in a result, as a word or the start of one, ignoring case and accents (\"cafe\" finds \"Café\", \"homeless\" finds \"homelessness\"); punctuation and operators are ignored. Former and alternative names are searched as the name is: \"MHCLG\" finds the Ministry of Housing, Communities and Local Government. The results of a type can be held to conditions, written as for that type's own list: organisations: { region: { eq: \"North East\" } } keeps the organisations in the North East, and totalCount and the pages count what is kept.")
            .Argument<NonNullGraphType<StringGraphType>>("query", $"The words to look for: at most {SearchTerms.MaxLength} characters and {SearchTerms.MaxWords} different words.")
            .Argument<ListGraphType<NonNullGraphType<SearchableTypeType>>>("types", "Only results of these types; all types when left out.")
            .ResolveAsync(async context =>
            {
                SearchTerms terms;
                try
                {
                    terms = SearchTerms.Parse(context.GetArgument<string>("query"));
                }
                catch (InvalidSearchQueryException ex)
                {
                    throw new ExecutionError(ex.Message) { Code = ex.Code };
                }

                var kinds = context.GetArgument<List<NodeKind>?>("types") ?? [.. Enum.GetValues<NodeKind>()];
                var services = context.RequestServices!;
                var db = services.GetRequiredService<GraphDbContext>();
                var conditions = new Dictionary<NodeKind, IQueryable<string>>();
                foreach (var condition in Conditions)
                {
                    if (context.GetArgument<Dictionary<string, object?>?>(condition.Argument) is { } where && kinds.Contains(condition.Kind))
                    {
                        conditions[condition.Kind] = condition.Keys(where, db);
                    }
                }

                var hits = new Lazy<IQueryable<SearchHit>>(() => SearchIndex.Search(db, terms, kinds, conditions));
                // Without conditions, the page is read by the statement written for it, with the total in each hit.
                PageReader<SearchHit>? pageReader = conditions.Count > 0 ? null : async (_, skip, _, rows, cancellationToken) =>
                {
                    var read = await SearchIndex.PageAsync(db, terms, kinds, skip, rows, cancellationToken);
                    return (read, read.Count > 0 ? read[0].Total : null);
                };
                var page = await ConnectionResolver.ResolveAsync(context, hits, services.GetRequiredService<PagingOptions>(), filtered: null, pageReader, keptTotal: null);

                // The page's own statement brought its nodes' records (SearchIndex.PageAsync); otherwise every node of
                // the page is requested before any is awaited, and they are read in one statement.
                var reader = context.Reader();
                var read = page.Edges.Select(e => (SearchHit)e.Node).Where(h => h.Record is not null).ToDictionary(h => new NodeRef(h.NodeKind, h.Key), h => h.Record!);
                reader.PrimeNodes(read, read.Keys);
                var pending = page.Edges.Select(e => (Edge: e, Hit: (SearchHit)e.Node, Node: reader.Node(((SearchHit)e.Node).NodeKind, ((SearchHit)e.Node).Key))).ToList();
                var edges = new List<SearchResultEdge>();
                foreach (var (edge, hit, node) in pending)
                {
                    // The index changes in the same transaction as the nodes, so a hit's node is there.
                    var loaded = await node.GetResultAsync(context.CancellationToken)
                        ?? throw new InvalidOperationException($"The search index names {hit.Kind} '{hit.Key}', which is not in the store.");
                    edges.Add(new SearchResultEdge(edge.Cursor, hit.Score(terms), terms, loaded));
                }

                // Each hit carries the total of the words' matches; only an empty page (past the end), or conditions on the
                // results, which that total comes before, need a statement to count.
                Func<CancellationToken, Task<int>> count = pending.Count > 0 && conditions.Count == 0 ? _ => Task.FromResult(pending[0].Hit.Total) : page.CountAsync;
                return new SearchResults(edges, page.PageInfo, count);
            });
        foreach (var condition in Conditions)
        {
            field.FieldType.Arguments!.Add(condition.Definition());
        }

        foreach (var argument in ConnectionResolver.Arguments())
        {
            field.FieldType.Arguments!.Add(argument);
        }
    }

    /// <summary>A search argument with conditions on the results of one type, and the keys of the records that meet them.</summary>
    private sealed record SearchCondition(
        string Argument, NodeKind Kind, string Example, Type InputType, Func<IDictionary<string, object?>, GraphDbContext, IQueryable<string>> Keys)
    {
        public static SearchCondition Of<TEntity, TFilterType>(
            string argument, NodeKind kind, string example, FilterDefinition<TEntity> filter, Func<GraphDbContext, IQueryable<TEntity>> set,
            System.Linq.Expressions.Expression<Func<TEntity, string>> key)
            where TEntity : class
            where TFilterType : IInputObjectGraphType =>
            new(argument, kind, example, typeof(TFilterType), (where, db) => set(db).Where(filter.Build(where, db)).Select(key));

        public QueryArgument Definition() => new(InputType)
        {
            Name = Argument,
            Description = $"Conditions the results that are {Plural} must meet, as in {Argument}(where:), e.g. {{ {Example} }}; results of other types are not affected.",
        };

        private string Plural => Kind switch
        {
            NodeKind.ChallengeArea => "challenge areas",
            NodeKind.Evidence => "evidence items",
            _ => $"{Kind.ToString().ToLowerInvariant()}s",
        };
    }
}

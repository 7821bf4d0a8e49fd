using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Search;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Search;

/// <summary>Root fields for full-text search across all entity types.</summary>
public static class SearchQueries
{
    public static void AddSearchFields(this ObjectGraphType query)
    {
        var field = query.Field<NonNullGraphType<SearchResultConnectionType>>("search")
            .Description("Full-text search across organisations, models, challenge areas, funders, outcomes, evidence and sources, best match first. Every word of the query must occur in a result, as a word or the start of one, ignoring case and accents (\"cafe\" finds \"Café\", \"homeless\" finds \"homelessness\"); punctuation and operators are ignored. Former and alternative names are searched as the name is: \"MHCLG\" finds the Ministry of Housing, Communities and Local Government.")
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
                var hits = SearchIndex.Search(services.GetRequiredService<GraphDbContext>(), terms, kinds);
                var page = await ConnectionResolver.ResolveAsync(context, hits, services.GetRequiredService<PagingOptions>());

                // Every node of the page is requested before any is awaited: one statement per type on the page.
                var reader = context.Reader();
                var pending = page.Edges.Select(e => (Edge: e, Hit: (SearchHit)e.Node, Node: reader.Node(((SearchHit)e.Node).NodeKind, ((SearchHit)e.Node).Key))).ToList();
                var edges = new List<SearchResultEdge>();
                foreach (var (edge, hit, node) in pending)
                {
                    // The index changes in the same transaction as the nodes, so a hit's node is there.
                    var loaded = await node.GetResultAsync(context.CancellationToken)
                        ?? throw new InvalidOperationException($"The search index names {hit.Kind} '{hit.Key}', which is not in the store.");
                    edges.Add(new SearchResultEdge(edge.Cursor, hit.Score(terms), SearchHighlighter.Highlight(loaded, terms), loaded));
                }

                // Each hit carries the total; only an empty page (past the end) needs a statement to count.
                Func<CancellationToken, Task<int>> count = pending.Count > 0 ? _ => Task.FromResult(pending[0].Hit.Total) : page.CountAsync;
                return new SearchResults(edges, page.PageInfo, count);
            });
        foreach (var argument in ConnectionResolver.Arguments())
        {
            field.FieldType.Arguments!.Add(argument);
        }
    }
}

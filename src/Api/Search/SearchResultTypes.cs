using GraphQL.Types;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.Relay;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Search;

namespace SocialEconomy.Api.Search;

/// <summary>One page of search results.</summary>
public sealed record SearchResults(IReadOnlyList<SearchResultEdge> Edges, PageInfo PageInfo, Func<CancellationToken, Task<int>> CountAsync);

/// <summary>A search result: the node, how well it matches, and where.</summary>
public sealed record SearchResultEdge(string Cursor, double Score, SearchTerms Terms, object Node)
{
    /// <summary>Where the words stand in the node's text, worked out only for a document that asks for it.</summary>
    public IReadOnlyList<SearchHighlight> Highlights => SearchHighlighter.Highlight(Node, Terms);
}

public sealed class SearchResultConnectionType : ObjectGraphType<SearchResults>
{
    public SearchResultConnectionType()
    {
        Name = "SearchResultConnection";
        Description = "A page of search results, best match first, with the total and the cursors to fetch the pages around it.";
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many nodes match, across all pages.")
            .ResolveAsync(async context => await context.Source.CountAsync(context.CancellationToken));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether there are pages before and after this one.")
            .Resolve(context => context.Source.PageInfo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchResultEdgeType>>>>("edges")
            .Description("The results of this page with their cursors, scores and highlights.")
            .Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchResultType>>>>("nodes")
            .Description("The nodes of this page, best match first.")
            .Resolve(context => context.Source.Edges.Select(e => e.Node));
    }
}

public sealed class SearchResultEdgeType : ObjectGraphType<SearchResultEdge>
{
    public SearchResultEdgeType()
    {
        Name = "SearchResultEdge";
        Description = "A search result with its cursor, relevance score and the fields the query's words were found in.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as 'after' or 'before' to page from here.")
            .Resolve(context => context.Source.Cursor);
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("Relevance between 0 and 1, the same on every store: highest when all the words stand in the name or title (or in one of the record's former or alternative names, which count as its name) as a phrase, then when they all occur there, then by how many do; a shorter name or title ranks higher on equal terms. Results come in descending score; equal scores by type name, then key.")
            .Resolve(context => context.Source.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchHighlightType>>>>("highlights")
            .Description("The fields the query's words were found in, name or title first.")
            .Resolve(context => context.Source.Highlights);
        Field<NonNullGraphType<SearchResultType>>("node").Description("The matching node.").Resolve(context => context.Source.Node);
    }
}

public sealed class SearchHighlightType : ObjectGraphType<SearchHighlight>
{
    public SearchHighlightType()
    {
        Name = "SearchHighlight";
        Description = "A field of a search result with the query's words marked.";
        Field(h => h.Field).Description("The field's name on the node's type, e.g. \"name\", \"alternativeNames\", \"description\", \"summary\"; a list of names is one text, the names separated by \"; \".");
        Field(h => h.Snippet).Description("The field's text as HTML, escaped, with each matching word wrapped in <mark></mark>; a long text is cut around the first match, with \"…\" where it was cut.");
    }
}

public sealed class SearchResultType : UnionGraphType
{
    public SearchResultType()
    {
        Name = "SearchResult";
        Description = "Anything search can find: an organisation, model, challenge area, funder, outcome, evidence item or source.";
        Type<OrganisationType>();
        Type<ModelType>();
        Type<ChallengeAreaType>();
        Type<FunderType>();
        Type<OutcomeType>();
        Type<EvidenceType>();
        Type<SourceType>();
    }
}

public sealed class SearchableTypeType : EnumerationGraphType<NodeKind>
{
    public SearchableTypeType()
    {
        Name = "SearchableType";
        Description = "The types search covers, to limit a search to some of them.";
    }
}

using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.ChallengeAreas;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Facets;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Provenance;
using SocialEconomy.Api.GraphViews;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Search;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Schema;

/// <summary>The root query: one connection per entity type, and fetching any node by its global id.</summary>
public sealed class Query : ObjectGraphType
{
    public Query(PagingOptions paging)
    {
        Name = "Query";
        Description = "The social-economy knowledge graph: organisations, models, challenge areas, funders, outcomes and evidence, with the sources of every fact.";

        Field<NodeInterface>("node")
            .Description("Any node by its global id; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global id, as returned in an 'id' field.")
            .ResolveAsync(async context =>
            {
                if (!GlobalId.TryDecode(context.GetArgument<string>("id"), out var kind, out var key))
                {
                    return null;
                }

                var (read, record) = await CompiledNodes.ReadAsync(context, kind, key);
                return read ? record : await context.Reader().Node(kind, key).GetResultAsync(context.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description("Several nodes by their global ids, in the order given; null where there is none.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global ids, as returned in 'id' fields.")
            .ResolveAsync(async context =>
            {
                var reader = context.Reader();
                var pending = context.GetArgument<List<string>>("ids")
                    .Select(id => GlobalId.TryDecode(id, out var kind, out var key) ? reader.Node(kind, key) : null)
                    .ToList();
                var nodes = new List<object?>();
                foreach (var result in pending)
                {
                    nodes.Add(result is null ? null : await result.GetResultAsync(context.CancellationToken));
                }

                return nodes;
            });

        AddConnection<Organisation, OrganisationType, OrganisationConnectionType, OrganisationFilterInputType, OrganisationSortInputType>(
            "organisations", "Organisations, filtered and sorted.", db => db.Organisations, o => o.Id, OrganisationFilter.Definition, OrganisationSort.Definition, paging);
        AddConnection<Model, ModelType, ModelConnectionType, ModelFilterInputType, ModelSortInputType>(
            "models", "Models, filtered and sorted, e.g. co-operative models with evidence in an area.", db => db.Models, m => m.Id, ModelFilter.Definition, ModelSort.Definition, paging);
        AddConnection<ChallengeArea, ChallengeAreaType, ConnectionType<ChallengeAreaType>, ChallengeAreaFilterInputType, ChallengeAreaSortInputType>(
            "challengeAreas", "Challenge areas, filtered and sorted; depth: { eq: 0 } gives the eight top-level areas.", db => db.ChallengeAreas, a => a.Id, ChallengeAreaFilter.Definition, ChallengeAreaSort.Definition, paging);
        AddConnection<Funder, FunderType, FunderConnectionType, FunderFilterInputType, FunderSortInputType>(
            "funders", "Funders, filtered and sorted.", db => db.Funders, f => f.Id, FunderFilter.Definition, FunderSort.Definition, paging);
        AddConnection<Outcome, OutcomeType, OutcomeConnectionType, OutcomeFilterInputType, OutcomeSortInputType>(
            "outcomes", "Outcomes, filtered and sorted.", db => db.Outcomes, o => o.Id, OutcomeFilter.Definition, OutcomeSort.Definition, paging);
        AddConnection<EvidenceItem, EvidenceType, EvidenceConnectionType, EvidenceFilterInputType, EvidenceSortInputType>(
            "evidence", "Evidence, filtered and sorted.", db => db.Evidence, e => e.Id, EvidenceFilter.Definition, EvidenceSort.Definition, paging);
        AddConnection<Source, SourceType, ConnectionType<SourceType>, SourceFilterInputType, SourceSortInputType>(
            "sources", "Sources of the graph's facts.", db => db.Sources, s => s.Id, SourceFilter.Definition, SourceSort.Definition, paging);

        this.AddSearchFields();
        this.AddGraphViewFields();
    }

    private void AddConnection<TEntity, TNodeType, TConnectionType, TFilterType, TSortType>(
        string name, string description, Func<GraphDbContext, IQueryable<TEntity>> set,
        System.Linq.Expressions.Expression<Func<TEntity, string>> id,
        FilterDefinition<TEntity> filter, SortDefinition<TEntity> sort, PagingOptions paging)
        where TEntity : class, INode
        where TNodeType : IGraphType
        where TConnectionType : ConnectionType<TNodeType>
        where TFilterType : IInputObjectGraphType
        where TSortType : IInputObjectGraphType
    {
        var field = Field<NonNullGraphType<TConnectionType>>(name)
            .Description(description)
            .Argument<TFilterType>("where", "Conditions the items must meet.")
            .Argument<ListGraphType<NonNullGraphType<TSortType>>>("order", "Sort keys, applied in turn; ties are broken by id.")
            .ResolveAsync(async context =>
            {
                // Built only when needed: a page whose statement is already written needs neither. Facets may build
                // them after this resolver has returned, when GraphQL.NET may have reused its context: the arguments
                // are read now.
                var db = context.RequestServices!.GetRequiredService<GraphDbContext>();
                var where = context.GetArgument<Dictionary<string, object?>?>("where");
                var order = context.GetArgument<List<object?>?>("order");
                var filtered = new Lazy<IQueryable<TEntity>>(() => where is null ? set(db) : set(db).Where(filter.Build(where, db)));
                var ordered = new Lazy<IQueryable<TEntity>>(() => sort.Apply(filtered.Value, order, db, id));
                // Unfiltered, the list is every node of the kind, whose number the store keeps (NodeCounts).
                var everyNode = where is null ? TEntity.Kind : (NodeKind?)null;
                return await ConnectionResolver.ResolveAsync(
                    context, ordered, paging, filtered, CompiledPages.ReaderFor<TEntity>(context, everyNode),
                    everyNode is { } kind ? cancellationToken => NodeCounts.ReadAsync(db, kind, cancellationToken) : null);
            });
        foreach (var argument in ConnectionResolver.Arguments())
        {
            field.FieldType.Arguments!.Add(argument);
        }
    }
}

public sealed class GraphSchema : GraphQL.Types.Schema
{
    public GraphSchema(IServiceProvider services, Query query)
        : base(services)
    {
        Query = query;
        Description = "The social-economy knowledge graph.";
    }
}

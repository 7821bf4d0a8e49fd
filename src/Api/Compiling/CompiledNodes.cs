using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Api.Loading;
using SocialEconomy.Graph.Compiling;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Api.Compiling;

/// <summary>
/// Reads a record asked for by id ('node(id:)', as the explorer's pages ask) with what its document asks of it in one
/// statement (<see cref="PageStatement"/>), as <see cref="CompiledPages"/> reads a root list's page.
/// </summary>
public static class CompiledNodes
{
    /// <summary>
    /// The record of <paramref name="kind"/> and <paramref name="key"/> and whether it was read: not when the compiler
    /// is off, or when the document asks nothing of it that one statement would read (its loader then reads it).
    /// </summary>
    public static async Task<(bool Read, object? Record)> ReadAsync(IResolveFieldContext context, NodeKind kind, string key)
    {
        var services = context.RequestServices!;
        var type = context.Schema.AllTypes[kind.ToString()] as IComplexGraphType;
        if (!services.GetRequiredService<CompilerOptions>().Enabled || type is null)
        {
            return (false, null);
        }

        var reads = ReadAhead.Of(type, [context.FieldAst.SelectionSet], context.Document);
        if (reads.Count == 0)
        {
            return (false, null);
        }

        var db = services.GetRequiredService<GraphDbContext>();
        var limits = CompiledPages.ListLimitsFor(services.GetRequiredService<Limits.LimitsOptions>(), 1, reads, db.IsPostgres);
        var read = kind switch
        {
            NodeKind.Organisation => await ReadAsync<Organisation>(db, key, reads, limits, context.CancellationToken),
            NodeKind.Model => await ReadAsync<Model>(db, key, reads, limits, context.CancellationToken),
            NodeKind.ChallengeArea => await ReadAsync<ChallengeArea>(db, key, reads, limits, context.CancellationToken),
            NodeKind.Funder => await ReadAsync<Funder>(db, key, reads, limits, context.CancellationToken),
            NodeKind.Outcome => await ReadAsync<Outcome>(db, key, reads, limits, context.CancellationToken),
            NodeKind.Evidence => await ReadAsync<EvidenceItem>(db, key, reads, limits, context.CancellationToken),
            NodeKind.Source => await ReadAsync<Source>(db, key, reads, limits, context.CancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"No table holds records of kind {kind}."),
        };
        services.GetRequiredService<GraphReader>().Prime(reads, read.Rows);
        return (true, read.Rows.FirstOrDefault()?.Record);
    }

    private static Task<PageRead> ReadAsync<T>(GraphDbContext db, string key, IReadOnlyList<NestedRead> reads, ListLimits listLimits, CancellationToken cancellationToken)
        where T : class =>
        PageStatement.ReadAsync(db, db.Set<T>().Where(n => EF.Property<string>(n, "Id") == key), null, reads, listLimits, cancellationToken);
}

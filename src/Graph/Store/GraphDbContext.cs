using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Store;

/// <summary>
/// The graph as tables: one per node kind, one for all relationships, and provenance rows for both.
/// Each provider has a subclass only so that each keeps its own migrations.
/// </summary>
public abstract class GraphDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Where this context's statements are counted: the counter of the scope that leased it from the pool.</summary>
    internal SqlStatementCounter Statements { get; set; } = new();

    /// <summary>
    /// Where the SQL the graph writes itself (<see cref="StoreReads"/>) runs on SQLite, kept prepared; null where it runs
    /// as EF Core's does (PostgreSQL, whose driver keeps statements prepared itself, or a context made outside a scope).
    /// </summary>
    internal SqlitePreparedStatements? PreparedStatements { get; set; }

    /// <summary>
    /// Whether the store is PostgreSQL rather than SQLite, from the context's own type: EF Core's IsNpgsql() compares
    /// the provider's assembly name, which it reads afresh on every call, and the statements asked per request ask often.
    /// </summary>
    public bool IsPostgres => this is PostgresGraphDbContext;

    /// <summary>The name of the table the model maps <paramref name="entity"/> to, for SQL the graph's own code writes.</summary>
    public string TableOf(Type entity) =>
        Model.FindEntityType(entity)?.GetTableName() ?? throw new ArgumentException($"{entity.Name} is not an entity of the graph's model with a table.", nameof(entity));

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationIdentifier> OrganisationIdentifiers => Set<OrganisationIdentifier>();

    public DbSet<Model> Models => Set<Model>();

    public DbSet<ChallengeArea> ChallengeAreas => Set<ChallengeArea>();

    public DbSet<Funder> Funders => Set<Funder>();

    public DbSet<Outcome> Outcomes => Set<Outcome>();

    public DbSet<EvidenceItem> Evidence => Set<EvidenceItem>();

    public DbSet<Source> Sources => Set<Source>();

    public DbSet<Relationship> Relationships => Set<Relationship>();

    public DbSet<NodeSource> NodeSources => Set<NodeSource>();

    public DbSet<RelationshipSource> RelationshipSources => Set<RelationshipSource>();

    /// <summary>How many nodes of each kind there are, kept in step by every load (<see cref="Nodes.NodeCounts"/>).</summary>
    public DbSet<NodeCount> NodeCounts => Set<NodeCount>();

    /// <summary>How long each node's related lists are, kept in step by every load (<see cref="RelationshipCounts"/>).</summary>
    public DbSet<RelationshipCount> RelationshipCounts => Set<RelationshipCount>();

    /// <summary>What the evidence says about whether each model works, kept in step by every load (<see cref="Verdicts.ModelVerdicts"/>).</summary>
    public DbSet<Verdicts.ModelVerdict> ModelVerdicts => Set<Verdicts.ModelVerdict>();

    /// <summary>What the evidence about each challenge area says about the models it evaluates, kept in step likewise.</summary>
    public DbSet<Verdicts.AreaVerdict> AreaVerdicts => Set<Verdicts.AreaVerdict>();

    /// <summary>Every load that changed the store; what readers holding the graph in memory check for freshness.</summary>
    public DbSet<StoreLoad> StoreLoads => Set<StoreLoad>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GraphDbContext).Assembly);
        modelBuilder.HasDbFunction(typeof(TextFolding).GetMethod(nameof(TextFolding.Fold))!);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as their names: readable in SQL, in exports and in either store.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
    }
}

public sealed class SqliteGraphDbContext(DbContextOptions<SqliteGraphDbContext> options) : GraphDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasDbFunction(typeof(TextFolding).GetMethod(nameof(TextFolding.Fold))!).HasTranslation(TextFolding.SqliteTranslation);
    }
}

public sealed class PostgresGraphDbContext(DbContextOptions<PostgresGraphDbContext> options) : GraphDbContext(options)
{
    /// <summary>
    /// PostgreSQL's collation for the identifier columns: "C", byte order, which is SQLite's BINARY and C#'s ordinal
    /// order for the ids' characters. The database's default collation (often a natural-language one such as
    /// en-US, which puts "a_b" before "a1" and "a" before "B") would otherwise order ids, and the indexes over them,
    /// differently from SQLite, and answers that keep "the lowest ids" or page in id order would differ by store.
    /// </summary>
    public const string IdCollation = "C";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            if (property.ClrType == typeof(string) && (property.IsKey() || property.IsForeignKey() || property.Name == "Key" || property.Name.EndsWith("Id", StringComparison.Ordinal)))
            {
                property.SetCollation(IdCollation);
            }
        }

        // Lists sort text in byte order on PostgreSQL as on SQLite (ORDER BY "Name" COLLATE "C"; see SortDefinition), which an
        // index in the database's own collation cannot serve: the names' indexes are in byte order too, so that a page
        // by name reads its rows from the index instead of sorting the whole list.
        foreach (var index in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetIndexes()))
        {
            if (index.Properties is [{ Name: "Name" }])
            {
                index.SetCollation(new[] { IdCollation });
            }
        }
    }
}

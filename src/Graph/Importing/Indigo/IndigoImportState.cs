using System.Text;
using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// What every reader of one INDIGO import adds to: the batch under construction, the nodes and relationships
/// that several tables contribute to (merged by id or key, so they are kept here until the batch is assembled),
/// and the errors. The records each table is read into are not here: a reader returns them, and a later reader
/// takes them as arguments, which fixes the reading order.
/// </summary>
internal sealed class IndigoImportState(string directory, ImportOptions options)
{
    public ImportOptions Options { get; } = options;

    public List<ImportError> Errors { get; } = [];

    /// <summary>Models and the sources of nodes and relationships go straight in; the rest at assembly.</summary>
    public GraphBatch Batch { get; } = new(GraphOrigins.Indigo);

    public Dictionary<string, Source> Sources { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EvidenceItem> EvidenceByUrl { get; } = new(StringComparer.Ordinal);

    /// <summary>By relationship key: several rows may state the same relationship, and are merged into one.</summary>
    public Dictionary<string, Relationship> Relationships { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SortedSet<string>> Roles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>The commitments merged into each FUNDS relationship, added up at assembly.</summary>
    public Dictionary<string, List<Money>> FundingParts { get; } = new(StringComparer.Ordinal);

    /// <summary>Opens a file of the export; null, with the error recorded, when it is missing or lacks a heading.</summary>
    public CsvTable? Open(string file, params string[] headings)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            Errors.Add(new ImportError(path, 0, null, null, "file not found; the INDIGO export should hold it (is this the right folder, or a different export version?)."));
            return null;
        }

        var table = CsvTable.Read(path, Encoding.UTF8, headings);
        Errors.AddRange(table.Errors);

        // Without one of its headings every row of the file would be misread: the file is left out.
        return headings.All(table.HasColumn) ? table : null;
    }

    public void Progress(string file, string message) => Options.Progress?.Report($"{file}: {message}");

    /// <summary>The links the crosswalks derived, and the values they left unmapped, for the import report.</summary>
    public CrosswalkTally Crosswalked { get; } = new();

    /// <summary>The sources a crosswalk rests on (seed Source ids), cited by every link it derives; none when the import has no such crosswalk.</summary>
    public IReadOnlyList<string> CrosswalkSources(string crosswalkId) => Options.Crosswalks?.Find(crosswalkId)?.Sources ?? [];

    /// <summary>Adds a relationship, or merges it into the one with the same key; returns the key.</summary>
    public string AddRelationship(Relationship relationship, IEnumerable<string> sources)
    {
        relationship.Origin = GraphOrigins.Indigo;
        relationship.Key = RelationshipKeys.For(relationship);
        Relationships.TryAdd(relationship.Key, relationship);
        if (!Batch.RelationshipSources.TryGetValue(relationship.Key, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            Batch.RelationshipSources[relationship.Key] = set;
        }

        set.Add(IndigoImporter.DatasetSourceId);
        set.UnionWith(sources);
        return relationship.Key;
    }

    public void AddNodeSources(string nodeId, IEnumerable<string> sources)
    {
        if (!Batch.NodeSources.TryGetValue(nodeId, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            Batch.NodeSources[nodeId] = set;
        }

        set.Add(IndigoImporter.DatasetSourceId);
        set.UnionWith(sources);
    }

    public void AddRole(string relationshipKey, string role) => AddTo(Roles, relationshipKey, role);

    public void AddNote(string relationshipKey, string note) => AddTo(Notes, relationshipKey, note);

    public void AddFundingPart(string relationshipKey, Money money)
    {
        if (!FundingParts.TryGetValue(relationshipKey, out var parts))
        {
            parts = [];
            FundingParts[relationshipKey] = parts;
        }

        parts.Add(money);
    }

    private static void AddTo<T>(Dictionary<string, T> map, string key, string value) where T : ICollection<string>, new()
    {
        if (!map.TryGetValue(key, out var values))
        {
            values = new T();
            map[key] = values;
        }

        if (!values.Contains(value))
        {
            values.Add(value);
        }
    }
}

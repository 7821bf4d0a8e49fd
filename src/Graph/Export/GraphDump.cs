using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Verdicts;

namespace SocialEconomy.Graph.Export;

/// <summary>What a dump holds (or a restore wrote): the counts and the content hash.</summary>
public sealed record DumpSummary(GraphCounts Counts, string ContentHash);

/// <summary>A dump file that cannot be restored; <see cref="Line"/> is 1-based, 0 for the file as a whole.</summary>
public sealed class DumpFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>A restore asked of a store that already holds a graph.</summary>
public sealed class StoreNotEmptyException(GraphCounts counts)
    : Exception($"the store is not empty ({counts.Nodes} nodes, {counts.Relationships} relationships); a dump is restored into an empty store only")
{
    public GraphCounts Counts { get; } = counts;
}

/// <summary>
/// The whole graph as JSON Lines (docs/dump-format.md): a header line with the format, version and counts, one
/// canonical line per node and relationship with its sources, and an end line with the content hash. Written
/// and read as a stream, a batch of rows at a time.
/// </summary>
public static class GraphDump
{
    private const int BatchSize = 1000;

    /// <summary>Writes the graph as one committed state of the store (see <see cref="GraphContent.BeginSnapshotAsync"/>).</summary>
    public static async Task<DumpSummary> WriteAsync(GraphDbContext db, Stream output, CancellationToken cancellationToken = default)
    {
        await using var snapshot = await GraphContent.BeginSnapshotAsync(db, cancellationToken);
        var counts = await GraphContent.CountAsync(db, cancellationToken);
        var lines = new CanonicalLines(output);
        await lines.WriteMetaAsync(json =>
        {
            json.WriteString("record", "header");
            json.WriteString("format", DumpRecords.Format);
            json.WriteNumber("version", DumpRecords.Version);
            json.WriteStartObject("counts");
            foreach (var kind in GraphCounts.Kinds)
            {
                json.WriteNumber(kind, counts.ByKind[kind]);
            }

            json.WriteEndObject();
        }, cancellationToken);
        var hash = await lines.WriteGraphAsync(db, cancellationToken);
        await lines.WriteMetaAsync(json =>
        {
            json.WriteString("record", "end");
            json.WriteString("contentHash", hash);
        }, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return new DumpSummary(counts, hash);
    }

    /// <summary>
    /// Restores a dump into an empty store in one transaction: nothing is written unless every line is valid, the
    /// counts and the content hash of the file are those its header and end line state, and the store afterwards
    /// holds exactly that content (its hash, read back inside the transaction, is the same).
    /// </summary>
    public static async Task<DumpSummary> RestoreAsync(GraphDbContext db, Stream input, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var restore = new Restore(db, reader);
        var header = await restore.ReadHeaderAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await GraphContent.CountAsync(db, cancellationToken);
        if (existing.Total > 0)
        {
            throw new StoreNotEmptyException(existing);
        }

        var (counts, fileHash) = await restore.ReadRecordsAsync(header, cancellationToken);
        var storeHash = await GraphContentHash.ComputeInTransactionAsync(db, cancellationToken);
        if (storeHash != fileHash)
        {
            throw new DumpFormatException(0, $"the restored graph's content hash is {storeHash}, not the dump's {fileHash}; nothing was written");
        }

        // A dump holds the graph's facts, not what is derived from them: the verdicts are decided again here, and the lists and nodes counted.
        await ModelVerdicts.RecomputeAllAsync(db, cancellationToken);
        await RelationshipCounts.RefreshAsync(db, nodes: null, progress: null, cancellationToken);
        await NodeCounts.RefreshAsync(db, cancellationToken);
        StoreLoad.Record(db, StoreLoad.RestoreOrigin, (int)Math.Min(counts.Total, int.MaxValue), 0, 0);
        await db.SaveChangesAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new DumpSummary(counts, storeHash);
    }

    /// <summary>Canonical record lines to a stream (or none), hashing the node and relationship lines as they pass.</summary>
    internal sealed class CanonicalLines(Stream? output)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);
        private readonly Dictionary<string, long> _counts = GraphCounts.Kinds.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);

        public GraphCounts Counts => new(_counts);

        public Task WriteMetaAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
        {
            _buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_buffer, DumpRecords.WriterOptions))
            {
                json.WriteStartObject();
                write(json);
                json.WriteEndObject();
            }

            _buffer.Write("\n"u8);
            return output is null ? Task.CompletedTask : output.WriteAsync(_buffer.WrittenMemory, cancellationToken).AsTask();
        }

        /// <summary>Every node, then every relationship; returns the content hash, "sha256:" and 64 hex digits.</summary>
        public async Task<string> WriteGraphAsync(GraphDbContext db, CancellationToken cancellationToken)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var json = new Utf8JsonWriter(_buffer, DumpRecords.WriterOptions);
            await foreach (var node in GraphContent.NodesAsync(db, cancellationToken))
            {
                Count(node.Kind.ToString(), node.Sources.Count, "NodeSource");
                if (node.Node is Organisation organisation)
                {
                    _counts["OrganisationIdentifier"] += organisation.Identifiers.Count;
                }

                await LineAsync(json, hash, w => DumpRecords.WriteNode(w, node), cancellationToken);
            }

            await foreach (var relationship in GraphContent.RelationshipsAsync(db, cancellationToken))
            {
                Count("Relationship", relationship.Sources.Count, "RelationshipSource");
                await LineAsync(json, hash, w => DumpRecords.WriteRelationship(w, relationship), cancellationToken);
            }

            return GraphContentHash.Format(hash.GetHashAndReset());
        }

        private void Count(string kind, int sources, string sourceKind)
        {
            _counts[kind]++;
            _counts[sourceKind] += sources;
        }

        private async Task LineAsync(Utf8JsonWriter json, IncrementalHash hash, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
        {
            _buffer.ResetWrittenCount();
            json.Reset(_buffer);
            write(json);
            json.Flush();
            _buffer.Write("\n"u8);
            hash.AppendData(_buffer.WrittenSpan);
            if (output is not null)
            {
                await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            }
        }
    }

    private sealed class Restore(GraphDbContext db, StreamReader reader)
    {
        private readonly Dictionary<string, long> _counts = GraphCounts.Kinds.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        private readonly List<(Relationship Relationship, IReadOnlyList<SourceAttribution> Sources)> _pendingRelationshipSources = [];
        private readonly List<NodeSource> _sourcesOfSources = [];

        // Nodes come before relationships in a dump, so an end not among them is a record the dump does not hold.
        private readonly HashSet<(NodeKind, string)> _nodes = [];
        private int _line;
        private int _pending;

        public async Task<GraphCounts> ReadHeaderAsync(CancellationToken cancellationToken)
        {
            var text = await NextLineAsync(cancellationToken) ?? throw new DumpFormatException(0, "the file is empty; it is not a graph dump");
            using var header = Parse(text);
            var root = header.RootElement;
            if (Text(root, "record") != "header" || Text(root, "format") != DumpRecords.Format)
            {
                throw new DumpFormatException(_line, $"the first line is not a graph dump header (expected \"format\": \"{DumpRecords.Format}\")");
            }

            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number < 1)
            {
                throw new DumpFormatException(_line, "the header has no valid \"version\"");
            }

            if (number > DumpRecords.Version)
            {
                throw new DumpFormatException(_line, $"the dump is format version {number}; this tool reads version {DumpRecords.Version}. Use a newer ingest tool");
            }

            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var kind in GraphCounts.Kinds)
            {
                counts[kind] = root.TryGetProperty("counts", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty(kind, out var n) && n.TryGetInt64(out var v)
                    ? v
                    : throw new DumpFormatException(_line, $"the header has no count of {kind}");
            }

            return new GraphCounts(counts);
        }

        public async Task<(GraphCounts Counts, string Hash)> ReadRecordsAsync(GraphCounts expected, CancellationToken cancellationToken)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var stage = -1;
            string? statedHash = null;
            while (await NextLineAsync(cancellationToken) is { } text)
            {
                if (statedHash is not null)
                {
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    throw new DumpFormatException(_line, "a line follows the end line");
                }

                using var document = Parse(text);
                var root = document.RootElement;
                var record = Text(root, "record");
                try
                {
                    switch (record)
                    {
                        case "node":
                            var node = DumpRecords.ReadNode(root);
                            stage = Advance(stage, NodeStage(node.Kind), node.Kind.ToString());
                            await AddNodeAsync(node, cancellationToken);
                            break;
                        case "relationship":
                            var relationship = DumpRecords.ReadRelationship(root);
                            stage = Advance(stage, GraphContent.NodeKindOrder.Count, "Relationship");
                            RefuseDangling(relationship.Relationship);
                            await AddRelationshipAsync(relationship, cancellationToken);
                            break;
                        case "end":
                            statedHash = Text(root, "contentHash") ?? throw new FormatException("field 'contentHash' is missing.");
                            continue;
                        default:
                            throw new FormatException($"field 'record': '{record}' is not node, relationship or end.");
                    }
                }
                catch (FormatException ex)
                {
                    throw new DumpFormatException(_line, $"{record ?? "record"}: {ex.Message}");
                }

                hash.AppendData(Encoding.UTF8.GetBytes(text));
                hash.AppendData("\n"u8);
            }

            if (statedHash is null)
            {
                throw new DumpFormatException(_line, "the file ends without its end line; it is incomplete (was the export interrupted?)");
            }

            await FlushAsync(cancellationToken);
            await AddSourcesOfSourcesAsync(cancellationToken);

            var counts = new GraphCounts(_counts);
            var wrong = GraphCounts.Kinds.Where(k => counts.ByKind[k] != expected.ByKind[k]).ToList();
            if (wrong.Count > 0)
            {
                throw new DumpFormatException(0, "the file's records do not match its header's counts: " +
                    string.Join(", ", wrong.Select(k => $"{k} {counts.ByKind[k]} (header says {expected.ByKind[k]})")));
            }

            var fileHash = GraphContentHash.Format(hash.GetHashAndReset());
            if (fileHash != statedHash)
            {
                throw new DumpFormatException(0, $"the records' content hash is {fileHash}, but the end line states {statedHash}: the file was changed or damaged");
            }

            return (counts, fileHash);
        }

        private static int NodeStage(NodeKind kind)
        {
            for (var i = 0; i < GraphContent.NodeKindOrder.Count; i++)
            {
                if (GraphContent.NodeKindOrder[i] == kind)
                {
                    return i;
                }
            }

            throw new FormatException($"field 'kind': '{kind}' is not a node kind.");
        }

        /// <summary>Records come in the order the tool writes them, which is the order their references need.</summary>
        private static int Advance(int stage, int next, string what)
        {
            if (next < stage)
            {
                throw new FormatException($"a {what} record comes after records that must follow it; records must keep the order the tool wrote them in.");
            }

            return next;
        }

        private void RefuseDangling(Relationship relationship)
        {
            foreach (var (kind, id) in new[] { (relationship.FromKind, relationship.FromId), (relationship.ToKind, relationship.ToId) })
            {
                if (!_nodes.Contains((kind, id)))
                {
                    throw new FormatException($"it reaches {kind} '{id}', which no node line of the dump holds.");
                }
            }
        }

        private async Task AddNodeAsync(NodeRecord record, CancellationToken cancellationToken)
        {
            _nodes.Add((record.Kind, record.Node.Id));
            if (record.Kind != NodeKind.Source)
            {
                await AddSourcesOfSourcesAsync(cancellationToken);
            }

            db.Add(record.Node);
            _counts[record.Kind.ToString()]++;
            if (record.Node is Organisation organisation)
            {
                _counts["OrganisationIdentifier"] += organisation.Identifiers.Count;
            }

            foreach (var source in record.Sources)
            {
                var row = new NodeSource { NodeId = record.Node.Id, SourceId = source.SourceId, Origin = source.Origin };
                if (record.Kind == NodeKind.Source)
                {
                    _sourcesOfSources.Add(row);
                }
                else
                {
                    db.NodeSources.Add(row);
                }
            }

            _counts["NodeSource"] += record.Sources.Count;
            await CountPendingAsync(cancellationToken);
        }

        private async Task AddRelationshipAsync(RelationshipRecord record, CancellationToken cancellationToken)
        {
            await AddSourcesOfSourcesAsync(cancellationToken);
            db.Relationships.Add(record.Relationship);
            _pendingRelationshipSources.Add((record.Relationship, record.Sources));
            _counts["Relationship"]++;
            _counts["RelationshipSource"] += record.Sources.Count;
            await CountPendingAsync(cancellationToken);
        }

        private async Task CountPendingAsync(CancellationToken cancellationToken)
        {
            if (++_pending >= BatchSize)
            {
                await FlushAsync(cancellationToken);
            }
        }

        /// <summary>Sources may cite sources later in the file: their provenance rows wait until every source is in.</summary>
        private async Task AddSourcesOfSourcesAsync(CancellationToken cancellationToken)
        {
            if (_sourcesOfSources.Count > 0)
            {
                await FlushAsync(cancellationToken);
                db.NodeSources.AddRange(_sourcesOfSources);
                _sourcesOfSources.Clear();
                await FlushAsync(cancellationToken);
            }
        }

        /// <summary>Writes the batch; relationships first get their generated ids, which their provenance rows need.</summary>
        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            await db.SaveChangesAsync(cancellationToken);
            if (_pendingRelationshipSources.Count > 0)
            {
                foreach (var (relationship, sources) in _pendingRelationshipSources)
                {
                    db.RelationshipSources.AddRange(sources.Select(s =>
                        new RelationshipSource { RelationshipId = relationship.Id, SourceId = s.SourceId, Origin = s.Origin }));
                }

                _pendingRelationshipSources.Clear();
                await db.SaveChangesAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            _pending = 0;
        }

        private async Task<string?> NextLineAsync(CancellationToken cancellationToken)
        {
            try
            {
                var text = await reader.ReadLineAsync(cancellationToken);
                _line++;
                return text;
            }
            catch (DecoderFallbackException)
            {
                throw new DumpFormatException(_line + 1, "the line is not valid UTF-8");
            }
        }

        private JsonDocument Parse(string text)
        {
            try
            {
                var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw new DumpFormatException(_line, "the line is not a JSON object");
                }

                return document;
            }
            catch (JsonException ex)
            {
                throw new DumpFormatException(_line, $"the line is not valid JSON: {ex.Message}");
            }
        }

        private static string? Text(JsonElement json, string name) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

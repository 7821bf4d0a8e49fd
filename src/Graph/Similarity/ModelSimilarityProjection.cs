using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SocialEconomy.Graph.Export;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Similarity;

/// <summary>
/// What comparableModels scores, for every model, read from one committed state of the store: its challenge areas
/// (ADDRESSES), outcomes (TARGETS) and funders (FUNDS to the model, or to an organisation that RUNS it) as
/// <see cref="FeatureSet"/>s, its family, its best evidence level and the regions of the organisations that run it.
/// Immutable once built; models are numbered in the ordinal order of their keys, so ties fall to the lower number.
/// </summary>
public sealed class ModelSimilarityProjection
{
    private const int None = int.MinValue;

    private readonly Dictionary<string, int> _modelNumbers;
    private readonly Dictionary<string, int> _regionNumbers;

    private ModelSimilarityProjection(
        StoreVersion version, string[] modelIds, Dictionary<string, int> modelNumbers, ModelFamily[] families, int[] bestEvidence, int[][] regions,
        Dictionary<string, int> regionNumbers, Dimension areas, Dimension outcomes, Dimension funders)
    {
        Version = version;
        ModelIds = modelIds;
        _modelNumbers = modelNumbers;
        Families = families;
        BestEvidence = bestEvidence;
        Regions = regions;
        _regionNumbers = regionNumbers;
        Areas = areas;
        Outcomes = outcomes;
        Funders = funders;
    }

    /// <summary>The loads the store had committed when the projection read it.</summary>
    public StoreVersion Version { get; }

    public string[] ModelIds { get; }

    public ModelFamily[] Families { get; }

    /// <summary>Highest rating level of the evidence that evaluates each model; <see cref="None"/> without any.</summary>
    public int[] BestEvidence { get; }

    /// <summary>Per model, the numbers of the (lower-cased) regions of the organisations that run it, ascending.</summary>
    public int[][] Regions { get; }

    public Dimension Areas { get; }

    public Dimension Outcomes { get; }

    public Dimension Funders { get; }

    /// <summary>The features of one kind: their keys (a feature's number is its place here) and every model's set.</summary>
    public sealed record Dimension(string[] Ids, FeatureSet[] Sets)
    {
        public long Pairs => Sets.Sum(s => (long)s.Count);
    }

    /// <summary>The conditions of comparableModels' 'where'.</summary>
    public sealed record Filter(int? MinEvidenceLevel, string? Region, IReadOnlySet<ModelFamily>? Families);

    /// <summary>
    /// The <paramref name="first"/> models most similar to the model, best first and ties by key: every model sharing
    /// at least one challenge area, outcome or funder with it, and meeting the filter, scored by
    /// <see cref="SimilarityScore.Formula"/> with the same arithmetic the SQL statement used.
    /// </summary>
    public IReadOnlyList<ComparableModel> Compare(string modelId, int first, Filter filter)
    {
        if (first <= 0 || !_modelNumbers.TryGetValue(modelId, out var target))
        {
            return [];
        }

        var region = -1;
        if (filter.Region is { } name && !_regionNumbers.TryGetValue(name.ToLowerInvariant(), out region))
        {
            return [];
        }

        var (areas, outcomes, funders) = (Areas.Sets[target], Outcomes.Sets[target], Funders.Sets[target]);
        var areaBits = Bits(areas, Areas.Ids.Length);
        var outcomeBits = Bits(outcomes, Outcomes.Ids.Length);
        var funderBits = Bits(funders, Funders.Ids.Length);
        var family = Families[target];

        // Funders, dense for most models of a large graph, cost by far the most to intersect. A first pass scores every
        // model with a bound in place of its funder overlap (no more than the smaller set over the larger); models are
        // then scored exactly, highest bound first, until no bound can reach the worst score kept. Rounding is monotonic,
        // so a bound computed in doubles still bounds the score computed in doubles, and the answer is the exhaustive one.
        var bounded = new List<(double Bound, int Model)>();
        for (var model = 0; model < ModelIds.Length; model++)
        {
            if (model == target
                || filter.Families is { } families && !families.Contains(Families[model])
                || filter.MinEvidenceLevel is { } level && (BestEvidence[model] == None || BestEvidence[model] < level)
                || region >= 0 && Array.BinarySearch(Regions[model], region) < 0)
            {
                continue;
            }

            var sharedAreas = Areas.Sets[model].CountShared(areas, areaBits);
            var sharedOutcomes = Outcomes.Sets[model].CountShared(outcomes, outcomeBits);
            var theirFunders = Funders.Sets[model].Count;
            if (sharedAreas + sharedOutcomes == 0 && Math.Min(theirFunders, funders.Count) == 0)
            {
                continue;
            }

            bounded.Add((Score(model, sharedAreas, sharedOutcomes, FunderBound(theirFunders, funders.Count)), model));
        }

        bounded.Sort((a, b) => b.Bound.CompareTo(a.Bound));

        // The worst of the best so far on top: lower score, then the later key.
        var best = new PriorityQueue<int, (double Score, int Model)>(first + 1, Comparer<(double Score, int Model)>.Create(
            (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Model.CompareTo(a.Model)));
        foreach (var (bound, model) in bounded)
        {
            if (best.Count == first && best.TryPeek(out _, out var least) && bound < least.Score)
            {
                break;
            }

            var sharedAreas = Areas.Sets[model].CountShared(areas, areaBits);
            var sharedOutcomes = Outcomes.Sets[model].CountShared(outcomes, outcomeBits);
            var sharedFunders = Funders.Sets[model].CountShared(funders, funderBits);
            if (sharedAreas + sharedOutcomes + sharedFunders == 0)
            {
                continue;
            }

            var score = Score(model, sharedAreas, sharedOutcomes, Jaccard(sharedFunders, Funders.Sets[model].Count, funders.Count));
            if (best.Count < first)
            {
                best.Enqueue(model, (score, model));
            }
            else if (best.TryPeek(out _, out var worst) && (score > worst.Score || score == worst.Score && model < worst.Model))
            {
                best.EnqueueDequeue(model, (score, model));
            }
        }

        var ranked = new List<(int Model, double Score)>(best.Count);
        while (best.TryDequeue(out var model, out var key))
        {
            ranked.Add((model, key.Score));
        }

        ranked.Reverse();
        return [.. ranked.Select(r =>
        {
            var (theirAreas, theirOutcomes, theirFunders) = (Areas.Sets[r.Model], Outcomes.Sets[r.Model], Funders.Sets[r.Model]);
            return new ComparableModel(ModelIds[r.Model], Math.Round(r.Score, 4), new SimilarityReasons(
                new SharedKeys(Areas, theirAreas, areas, areaBits), new SharedKeys(Outcomes, theirOutcomes, outcomes, outcomeBits),
                new SharedKeys(Funders, theirFunders, funders, funderBits),
                Families[r.Model] == family, BestEvidence[r.Model] == None ? null : BestEvidence[r.Model],
                Overlap(theirAreas.CountShared(areas, areaBits), theirAreas.Count, areas.Count),
                Overlap(theirOutcomes.CountShared(outcomes, outcomeBits), theirOutcomes.Count, outcomes.Count),
                Overlap(theirFunders.CountShared(funders, funderBits), theirFunders.Count, funders.Count)));
        })];

        double Score(int model, int sharedAreas, int sharedOutcomes, double funderOverlap) => SimilarityScore.Of(
            Jaccard(sharedAreas, Areas.Sets[model].Count, areas.Count),
            Jaccard(sharedOutcomes, Outcomes.Sets[model].Count, outcomes.Count),
            funderOverlap,
            Families[model] == family,
            BestEvidence[model] == None ? null : BestEvidence[model]);

        static double FunderBound(int theirs, int ours) => Math.Max(theirs, ours) == 0 ? 0 : (double)Math.Min(theirs, ours) / Math.Max(theirs, ours);

        static ulong[] Bits(FeatureSet set, int universe)
        {
            var bits = new ulong[FeatureSet.Words(universe)];
            set.SetBits(bits);
            return bits;
        }

        static double Jaccard(int shared, int theirs, int ours) =>
            theirs + ours - shared == 0 ? 0 : (double)shared / (theirs + ours - shared);

        static double Overlap(int shared, int theirs, int ours) => Math.Round(Jaccard(shared, theirs, ours), 4);
    }

    /// <summary>
    /// The keys two models share in one dimension, listed only when a client asks for them: a dense pair shares tens of
    /// thousands of funders at 10^6 nodes, which most questions (scores, overlaps) never read.
    /// </summary>
    private sealed class SharedKeys(Dimension dimension, FeatureSet theirs, FeatureSet ours, ulong[] ourBits) : IReadOnlyList<string>
    {
        private readonly Lazy<string[]> _keys = new(() => [.. theirs.Shared(ours, ourBits).Select(id => dimension.Ids[id])]);

        public int Count => _keys.Value.Length;

        public string this[int index] => _keys.Value[index];

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_keys.Value).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Reads the store in one snapshot (<see cref="GraphContent.BeginSnapshotAsync"/>): the version, the models, the
    /// evidence ratings, the relationships of four types in one scan, the regions, then FUNDS in a second scan; the
    /// joins (a model's funders through the organisations that run it) are made here, not by the store.
    /// </summary>
    public static async Task<(ModelSimilarityProjection Projection, long RelationshipsRead)> BuildAsync(GraphDbContext db, CancellationToken cancellationToken)
    {
        await using var snapshot = await GraphContent.BeginSnapshotAsync(db, cancellationToken);
        var version = await StoreVersion.ReadAsync(db, cancellationToken);
        var read = 0L;

        var models = new List<(string Id, ModelFamily Family)>();
        await foreach (var row in ReadAsync(db, """SELECT "Id", "Family" FROM "Models" """, cancellationToken))
        {
            models.Add((row.GetString(0), Enum.Parse<ModelFamily>(row.GetString(1))));
        }

        models.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var modelIds = models.Select(m => m.Id).ToArray();
        var modelNumbers = new Dictionary<string, int>(modelIds.Length, StringComparer.Ordinal);
        for (var i = 0; i < modelIds.Length; i++)
        {
            modelNumbers[modelIds[i]] = i;
        }

        var ratings = new Dictionary<string, int>(StringComparer.Ordinal);
        // Evidence nobody has appraised has no level, and no say in a model's best evidence.
        await foreach (var row in ReadAsync(db, """SELECT "Id", "RatingLevel" FROM "Evidence" WHERE "RatingLevel" IS NOT NULL""", cancellationToken))
        {
            ratings[row.GetString(0)] = row.GetInt32(1);
        }

        var bestEvidence = new int[modelIds.Length];
        Array.Fill(bestEvidence, None);
        var areas = new FeatureCollector(modelIds.Length);
        var outcomes = new FeatureCollector(modelIds.Length);
        // Organisations that run some model, numbered as met, and the models each runs.
        var runners = new Dictionary<string, int>(StringComparer.Ordinal);
        var runs = new List<(int Runner, int Model)>();
        await foreach (var row in ReadAsync(db, $"""
            SELECT "Type", "FromId", "ToId" FROM "Relationships"
            WHERE "Type" IN ('{RelationshipType.Runs}', '{RelationshipType.Addresses}', '{RelationshipType.Targets}', '{RelationshipType.Evaluates}')
            """, cancellationToken))
        {
            read++;
            var type = row.GetString(0);
            var from = row.GetString(1);
            var to = row.GetString(2);
            if (type == nameof(RelationshipType.Runs))
            {
                if (modelNumbers.TryGetValue(to, out var model))
                {
                    if (!runners.TryGetValue(from, out var runner))
                    {
                        runner = runners.Count;
                        runners.Add(from, runner);
                    }

                    runs.Add((runner, model));
                }
            }
            else if (type == nameof(RelationshipType.Evaluates))
            {
                if (modelNumbers.TryGetValue(to, out var model) && ratings.TryGetValue(from, out var level) && (bestEvidence[model] == None || level > bestEvidence[model]))
                {
                    bestEvidence[model] = level;
                }
            }
            else if (modelNumbers.TryGetValue(from, out var model))
            {
                (type == nameof(RelationshipType.Addresses) ? areas : outcomes).Add(model, to);
            }
        }

        ratings.Clear();
        var regionNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var runnerRegions = new int[runners.Count];
        Array.Fill(runnerRegions, -1);
        await foreach (var row in ReadAsync(db, """SELECT "Id", "Region" FROM "Organisations" WHERE "Region" IS NOT NULL""", cancellationToken))
        {
            if (runners.TryGetValue(row.GetString(0), out var runner))
            {
                var name = row.GetString(1).ToLowerInvariant();
                if (!regionNumbers.TryGetValue(name, out var region))
                {
                    region = regionNumbers.Count;
                    regionNumbers.Add(name, region);
                }

                runnerRegions[runner] = region;
            }
        }

        var funders = new FeatureCollector(modelIds.Length);
        var runnerFunders = new List<int>?[runners.Count];
        await foreach (var row in ReadAsync(db, $"""SELECT "FromId", "ToId" FROM "Relationships" WHERE "Type" = '{RelationshipType.Funds}'""", cancellationToken))
        {
            read++;
            var to = row.GetString(1);
            var isModel = modelNumbers.TryGetValue(to, out var model);
            var isRunner = runners.TryGetValue(to, out var runner);
            if (!isModel && !isRunner)
            {
                continue;
            }

            var funder = funders.Number(row.GetString(0));
            if (isModel)
            {
                funders.Add(model, funder);
            }

            if (isRunner)
            {
                (runnerFunders[runner] ??= []).Add(funder);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var modelRegions = new List<int>?[modelIds.Length];
        var modelRunners = new List<int>?[modelIds.Length];
        foreach (var (runner, model) in runs)
        {
            if (runnerRegions[runner] >= 0)
            {
                (modelRegions[model] ??= []).Add(runnerRegions[runner]);
            }

            (modelRunners[model] ??= []).Add(runner);
        }

        var regions = modelRegions.Select(r => r is null ? [] : r.Distinct().Order().ToArray()).ToArray();
        var funderDimension = funders.Build(modelRunners, runnerFunders, cancellationToken);
        return (new ModelSimilarityProjection(
            version, modelIds, modelNumbers, [.. models.Select(m => m.Family)], bestEvidence, regions, regionNumbers,
            areas.Build(null, null, cancellationToken), outcomes.Build(null, null, cancellationToken), funderDimension), read);
    }

    private static async IAsyncEnumerable<DbDataReader> ReadAsync(
        GraphDbContext db, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader;
        }
    }

    /// <summary>
    /// The features of one kind as they are read: keys numbered as met, and (model, feature) pairs; then renumbered in
    /// the keys' ordinal order and turned into sets.
    /// </summary>
    private sealed class FeatureCollector(int models)
    {
        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
        private readonly List<int>?[] _byModel = new List<int>?[models];

        public int Number(string key)
        {
            if (!_numbers.TryGetValue(key, out var number))
            {
                number = _numbers.Count;
                _numbers.Add(key, number);
            }

            return number;
        }

        public void Add(int model, string key) => Add(model, Number(key));

        public void Add(int model, int feature) => (_byModel[model] ??= []).Add(feature);

        /// <summary>
        /// Every model's set: its own features, and with <paramref name="modelRunners"/> those of the organisations that
        /// run it (<paramref name="runnerFeatures"/>, each organisation's set made once, as a bitmap when it is dense).
        /// </summary>
        public Dimension Build(List<int>?[]? modelRunners, List<int>?[]? runnerFeatures, CancellationToken cancellationToken)
        {
            var keys = new string[_numbers.Count];
            foreach (var (key, number) in _numbers)
            {
                keys[number] = key;
            }

            var order = Enumerable.Range(0, keys.Length).ToArray();
            Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]));
            var renumbered = new int[keys.Length];
            for (var i = 0; i < order.Length; i++)
            {
                renumbered[order[i]] = i;
            }

            var words = FeatureSet.Words(keys.Length);
            var scratch = new ulong[words];
            FeatureSet Set(List<int>? features, IEnumerable<int>? runners, FeatureSet?[]? ofRunners)
            {
                Array.Clear(scratch);
                foreach (var feature in features ?? [])
                {
                    var id = renumbered[feature];
                    scratch[id >> 6] |= 1UL << id;
                }

                foreach (var runner in runners ?? [])
                {
                    ofRunners![runner]?.SetBits(scratch);
                }

                var count = 0;
                foreach (var word in scratch)
                {
                    count += System.Numerics.BitOperations.PopCount(word);
                }

                return FeatureSet.FromBits(scratch, count);
            }

            var runnerSets = runnerFeatures?.Select(f => f is null ? null : Set(f, null, null)).ToArray();
            var sets = new FeatureSet[_byModel.Length];
            for (var model = 0; model < sets.Length; model++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sets[model] = Set(_byModel[model], modelRunners?[model], runnerSets);
            }

            return new Dimension([.. order.Select(i => keys[i])], sets);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ModelIds.Length} models; {Areas.Pairs} model-area, {Outcomes.Pairs} model-outcome and {Funders.Pairs} model-funder pairs");
}

using System.Globalization;
using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Synthetic;

/// <summary>
/// A synthetic graph for load tests, with the shapes of the real one: a few hub organisations, funders and
/// models holding most links, a deep challenge-area tree, evidence concentrated on few models. Everything is
/// plainly labelled synthetic and must never be loaded beside real data.
/// </summary>
public static class SyntheticGraph
{
    public const int MinNodes = 1_000;

    public const int MaxNodes = 1_000_000;

    /// <summary>Relationships per node the generator aims at; duplicates drawn are skipped, so a little fewer.</summary>
    public const int RelationshipsPerNode = 10;

    private const int SourceCount = 8;
    private const int RootAreaCount = 8;
    private const int MaxAreaDepth = 6;

    private static readonly string[] Regions =
    [
        "North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands", "East of England",
        "London", "South East", "South West", "Wales", "Scotland", "Northern Ireland",
    ];

    private static readonly string[] LegalForms =
    [
        "Co-operative society", "Community benefit society", "Community interest company", "Charitable incorporated organisation",
        "Company limited by guarantee", "Mutual", "Employee-owned company",
    ];

    private static readonly string[] RunsRoles = ["service provider", "member", "lead partner", "licensee"];

    /// <summary>
    /// A batch of about <paramref name="nodes"/> nodes and ten relationships per node, identical for the same
    /// size and seed.
    /// </summary>
    public static GraphBatch Generate(int nodes, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, MinNodes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, MaxNodes);
        return new Generator(nodes, seed).Run();
    }

    private sealed class Generator(int nodes, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly GraphBatch _batch = new(GraphOrigins.Synthetic);
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

        // One set per source, shared by every record it alone backs: at 10^6 nodes a set per record would cost gigabytes.
        private readonly List<SortedSet<string>> _bySource = [];
        private readonly int _width = (MaxNodes - 1).ToString(CultureInfo.InvariantCulture).Length;

        public GraphBatch Run()
        {
            var areas = Math.Max(60, nodes / 100);
            var models = Math.Max(20, nodes * 2 / 100);
            var funders = Math.Max(20, nodes * 3 / 100);
            var outcomes = Math.Max(30, nodes * 4 / 100);
            var evidence = nodes * 15 / 100;
            var organisations = nodes - SourceCount - areas - models - funders - outcomes - evidence;

            AddSources();
            AddAreas(areas);
            for (var i = 0; i < models; i++)
            {
                Add(_batch.Models, new Model
                {
                    Id = Id("model", i), Name = $"Synthetic model {Number(i)}", Family = Pick<ModelFamily>(),
                    Description = $"Synthetic model {Number(i)}, generated for load tests.",
                });
            }

            for (var i = 0; i < organisations; i++)
            {
                Add(_batch.Organisations, new Organisation
                {
                    Id = Id("org", i), Name = $"Synthetic organisation {Number(i)}",
                    LegalForm = LegalForms[_random.Next(LegalForms.Length)], Region = Regions[_random.Next(Regions.Length)],
                    Place = $"Synthetic place {Number(_random.Next(500))}",
                    Description = $"Synthetic organisation {Number(i)}, generated for load tests.",
                });
            }

            for (var i = 0; i < funders; i++)
            {
                Add(_batch.Funders, new Funder { Id = Id("funder", i), Name = $"Synthetic funder {Number(i)}", FunderKind = Pick<FunderKind>() });
            }

            for (var i = 0; i < outcomes; i++)
            {
                Add(_batch.Outcomes, new Outcome { Id = Id("outcome", i), Name = $"Synthetic outcome {Number(i)}" });
            }

            for (var i = 0; i < evidence; i++)
            {
                Add(_batch.Evidence, new EvidenceItem
                {
                    Id = Id("evidence", i), Title = $"Synthetic evaluation {Number(i)}", Authors = $"Synthetic author {Number(_random.Next(1000))}",
                    Publisher = $"Synthetic publisher {Number(_random.Next(50))}", Year = 2000 + _random.Next(26),
                    Url = $"https://synthetic.invalid/evidence/{Number(i)}", Design = Pick<StudyDesign>(),
                    Summary = $"Synthetic evaluation {Number(i)}, generated for load tests.",
                    Rating = new EvidenceRating { Scale = Pick<EvidenceScale>(), Level = 1 + _random.Next(5), Reason = "Synthetic rating, generated for load tests." },
                });
            }

            AddRelationships();
            return _batch;
        }

        private void AddSources()
        {
            for (var i = 0; i < SourceCount; i++)
            {
                _batch.Sources.Add(new Source
                {
                    Id = Id("source", i), Title = $"Synthetic source {Number(i)}", Publisher = "Synthetic data generator",
                    Url = $"https://synthetic.invalid/sources/{Number(i)}", Retrieved = new DateOnly(2026, 1, 1),
                    Note = "Generated for load tests; not real data.",
                });
                _bySource.Add(new SortedSet<string>(StringComparer.Ordinal) { _batch.Sources[i].Id });
            }
        }

        /// <summary>
        /// Eight roots, then each area under a parent drawn as the deeper of two random areas half the time
        /// (else any area), which makes long chains beside bushy levels, up to <see cref="MaxAreaDepth"/>.
        /// </summary>
        private void AddAreas(int count)
        {
            var areas = _batch.ChallengeAreas;
            var byId = new Dictionary<string, ChallengeArea>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                ChallengeArea? parent = null;
                if (i >= RootAreaCount)
                {
                    parent = areas[_random.Next(areas.Count)];
                    if (_random.Next(2) == 0)
                    {
                        var other = areas[_random.Next(areas.Count)];
                        parent = other.Depth > parent.Depth ? other : parent;
                    }

                    while (parent.Depth >= MaxAreaDepth)
                    {
                        parent = byId[parent.ParentId!];
                    }
                }

                var id = Id("area", i);
                var area = new ChallengeArea
                {
                    Id = id, Name = $"Synthetic area {Number(i)}", ParentId = parent?.Id,
                    Path = (parent?.Path ?? "/") + id + "/", Depth = parent is null ? 0 : parent.Depth + 1,
                };
                Add(areas, area);
                byId[id] = area;
            }
        }

        private void AddRelationships()
        {
            var organisations = _batch.Organisations;
            var models = _batch.Models;
            var areas = _batch.ChallengeAreas;
            var funders = _batch.Funders;
            var outcomes = _batch.Outcomes;
            var evidence = _batch.Evidence;

            // Each chooser sends a share of its draws to hubs (Zipf over a shuffled ranking), the rest uniformly: a long tail with a heavy head.
            var organisation = new Skewed(_random, organisations.Count, 1.0, 0.5);
            var model = new Skewed(_random, models.Count, 1.0, 0.5);
            var funder = new Skewed(_random, funders.Count, 1.0, 0.8);
            var evaluated = new Skewed(_random, models.Count, 1.3, 1.0);
            var area = new Skewed(_random, areas.Count, 0.0, 0.0);
            var outcome = new Skewed(_random, outcomes.Count, 0.8, 0.5);

            // Links per node of each kind, scaled below so the whole graph has about ten per node.
            var plan = new (RelationshipType Type, double PerNode, int Count)[]
            {
                (RelationshipType.Runs, 2, organisations.Count),
                (RelationshipType.WorksIn, 2, organisations.Count),
                (RelationshipType.PartnersWith, 3, organisations.Count),
                (RelationshipType.Funds, 5, organisations.Count),
                (RelationshipType.Addresses, 5, models.Count),
                (RelationshipType.Targets, 4, models.Count),
                (RelationshipType.OutcomeIn, 1.5, outcomes.Count),
                (RelationshipType.Evaluates, 2, evidence.Count),
                (RelationshipType.EvidenceIn, 2, evidence.Count),
                (RelationshipType.Reports, 3, evidence.Count),
            };
            var scale = (double)RelationshipsPerNode * _batch.NodeCount / plan.Sum(p => p.PerNode * p.Count);

            // Parts taken without delivering come after the rest, outside the plan, so that the graph drawn before them is
            // the same as before they existed (benchmarks compare across runs).
            plan = [.. plan, (RelationshipType.TakesPartIn, 0.5, organisations.Count)];

            foreach (var (type, perNode, count) in plan)
            {
                var target = (int)Math.Round(perNode * count * scale);
                var added = 0;
                for (var attempt = 0; added < target && attempt < target * 3; attempt++)
                {
                    var relationship = type switch
                    {
                        RelationshipType.Runs => Link(type, organisations[organisation.Next()], models[model.Next()], RunsRoles[_random.Next(RunsRoles.Length)]),
                        RelationshipType.TakesPartIn => Participation(organisations[organisation.Next()], models[model.Next()]),
                        RelationshipType.WorksIn => Link(type, organisations[organisation.Next()], areas[area.Next()]),
                        RelationshipType.PartnersWith => Partnership(organisations[organisation.Next()], organisations[organisation.Next()]),
                        RelationshipType.Funds => _random.Next(10) == 0
                            ? Funding(funders[funder.Next()], models[model.Next()])
                            : Funding(funders[funder.Next()], organisations[organisation.Next()]),
                        RelationshipType.Addresses => Link(type, models[model.Next()], areas[area.Next()]),
                        RelationshipType.Targets => Link(type, models[model.Next()], outcomes[outcome.Next()]),
                        RelationshipType.OutcomeIn => Link(type, outcomes[outcome.Next()], areas[area.Next()]),
                        RelationshipType.Evaluates => _random.Next(5) == 0
                            ? Link(type, evidence[_random.Next(evidence.Count)], organisations[organisation.Next()])
                            : Link(type, evidence[_random.Next(evidence.Count)], models[evaluated.Next()]),
                        RelationshipType.EvidenceIn => Link(type, evidence[_random.Next(evidence.Count)], areas[area.Next()]),
                        _ => Finding(evidence[_random.Next(evidence.Count)], outcomes[outcome.Next()]),
                    };
                    if (relationship is not null && TryAdd(relationship))
                    {
                        added++;
                    }
                }
            }
        }

        private Relationship Participation(Organisation from, Model to)
        {
            var relationship = Link(RelationshipType.TakesPartIn, from, to);
            relationship.RoleKind = TakingPart[_random.Next(TakingPart.Length)];
            relationship.Role = relationship.RoleKind.ToString()!.ToLowerInvariant();
            return relationship;
        }

        private static readonly ParticipationRole[] TakingPart =
            [ParticipationRole.Investor, ParticipationRole.OutcomePayer, ParticipationRole.Commissioner, ParticipationRole.Intermediary, ParticipationRole.Evaluator];

        private Relationship? Partnership(Organisation from, Organisation to) =>
            from.Id == to.Id ? null : Link(RelationshipType.PartnersWith, from, to, "delivery partner");

        private Relationship Funding<T>(Funder from, T to)
            where T : INode
        {
            var relationship = Link(RelationshipType.Funds, from, to);
            // Log-uniform from £1,000 to £10m, as grants are many and small, investments few and large.
            relationship.Amount = decimal.Round((decimal)Math.Pow(10, 4 * _random.NextDouble())) * 1000m;
            relationship.Currency = "GBP";
            relationship.Year = 2005 + _random.Next(21);
            relationship.Instrument = Pick<FundingInstrument>();
            return relationship;
        }

        private Relationship Finding(EvidenceItem from, Outcome to)
        {
            var relationship = Link(RelationshipType.Reports, from, to);
            var roll = _random.Next(20);
            relationship.Effect = roll < 11 ? Effect.Positive : roll < 15 ? Effect.Mixed : roll < 19 ? Effect.NoEffect : Effect.Negative;
            return relationship;
        }

        private static Relationship Link<TFrom, TTo>(RelationshipType type, TFrom from, TTo to, string? role = null)
            where TFrom : INode
            where TTo : INode =>
            new() { Key = "", Type = type, FromKind = TFrom.Kind, FromId = from.Id, ToKind = TTo.Kind, ToId = to.Id, Role = role };

        private bool TryAdd(Relationship relationship)
        {
            relationship.Key = RelationshipKeys.For(relationship);
            if (!_keys.Add(relationship.Key))
            {
                return false;
            }

            _batch.Relationships.Add(relationship);
            _batch.RelationshipSources[relationship.Key] = _bySource[_random.Next(SourceCount)];
            return true;
        }

        private void Add<T>(List<T> list, T node)
            where T : INode
        {
            list.Add(node);
            var sources = _bySource[_random.Next(SourceCount)];
            if (_random.Next(4) == 0)
            {
                sources = new SortedSet<string>(sources, StringComparer.Ordinal) { _batch.Sources[_random.Next(SourceCount)].Id };
            }

            _batch.NodeSources[node.Id] = sources;
        }

        private T Pick<T>()
            where T : struct, Enum
        {
            var values = Enum.GetValues<T>();
            return values[_random.Next(values.Length)];
        }

        private string Id(string kind, int index) => $"synthetic-{kind}-{Number(index)}";

        private string Number(int index) => index.ToString(CultureInfo.InvariantCulture).PadLeft(_width, '0');
    }

    /// <summary>
    /// Draws indices 0..n-1: with probability <c>skewed</c> by a Zipf law of the given exponent over a random
    /// ranking (so hubs are scattered, not the first ids), otherwise uniformly.
    /// </summary>
    private sealed class Skewed
    {
        private readonly Random _random;
        private readonly double _skewed;
        private readonly double[] _cumulative;
        private readonly int[] _byRank;

        public Skewed(Random random, int n, double exponent, double skewed)
        {
            _random = random;
            _skewed = skewed;
            _cumulative = new double[n];
            var total = 0.0;
            for (var rank = 0; rank < n; rank++)
            {
                total += 1.0 / Math.Pow(rank + 1, exponent);
                _cumulative[rank] = total;
            }

            _byRank = Enumerable.Range(0, n).ToArray();
            random.Shuffle(_byRank);
        }

        public int Next()
        {
            if (_random.NextDouble() >= _skewed)
            {
                return _random.Next(_byRank.Length);
            }

            var point = _random.NextDouble() * _cumulative[^1];
            var rank = Array.BinarySearch(_cumulative, point);
            rank = rank < 0 ? ~rank : rank;
            return _byRank[Math.Min(rank, _byRank.Length - 1)];
        }
    }
}

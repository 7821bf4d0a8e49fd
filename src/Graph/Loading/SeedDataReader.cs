using System.Text.Json;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Places;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Loading;

/// <summary>
/// Reads a seed-data directory into a <see cref="GraphBatch"/>: every file checked against its JSON Schema,
/// then every reference checked across files. Reports every problem found, not only the first.
/// </summary>
public sealed class SeedDataReader
{
    private readonly List<SeedDataError> _errors = [];
    private readonly Dictionary<string, (NodeKind Kind, Location At)> _ids = new(StringComparer.Ordinal);
    private readonly List<PendingLink> _links = [];
    private readonly List<(string NodeId, List<string> Sources, Location At)> _nodeSources = [];
    private readonly GraphBatch _batch = new(GraphOrigins.Seed);
    private readonly PostcodeAreas _postcodeAreas;
    private int _unreadableFiles;

    private SeedDataReader(PostcodeAreas postcodeAreas)
    {
        _postcodeAreas = postcodeAreas;
    }

    /// <summary>Reads all *.json files of <paramref name="directory"/>; throws <see cref="SeedDataException"/> listing every problem.</summary>
    public static GraphBatch ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SeedDataException([new SeedDataError(directory, null, null, null, "directory not found; pass the folder that holds the seed-data *.json files.")]);
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new SeedDataException([new SeedDataError(directory, null, null, null, "no *.json files found; nothing to load.")]);
        }

        var reader = new SeedDataReader(PostcodeAreas.Load(directory));
        foreach (var file in files)
        {
            reader.ReadFile(file, File.ReadAllBytes(file));
        }

        // With a file unreadable, its ids are unknown and every reference to them would look broken.
        if (reader._unreadableFiles > 0)
        {
            throw new SeedDataException(reader._errors);
        }

        return reader.Finish();
    }

    private void ReadFile(string file, byte[] utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            _errors.Add(new SeedDataError(file, (int?)ex.LineNumber + 1, null, null,
                $"not valid JSON (column {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}"));
            _unreadableFiles++;
            return;
        }

        using (document)
        {
            // A clone outlives the document, so errors found later (broken references) can still name their record.
            var root = document.RootElement.Clone();
            var kinds = root.ValueKind == JsonValueKind.Object
                ? root.EnumerateObject().Select(p => p.Name).Where(n => n != "$schema").ToList()
                : [];
            if (kinds.Count != 1 || SeedFileKind.Find(kinds[0]) is not { } kind)
            {
                _errors.Add(new SeedDataError(file, 1, null, null,
                    $"expected an object with exactly one of {string.Join(", ", SeedFileKind.All.Select(k => k.Key))} (and optionally $schema); found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}."));
                _unreadableFiles++;
                return;
            }

            var lines = JsonLineMap.Build(utf8);
            var schemaErrors = SeedSchemas.Validate(kind, root);
            if (schemaErrors.Count > 0)
            {
                foreach (var (pointer, message) in schemaErrors)
                {
                    var at = new Location(file, pointer, lines, root);
                    _errors.Add(at.Error($"{message} (see schema/seed-data/{kind.SchemaFile})."));
                }

                RegisterIdsOfInvalidFile(kind, root, file, lines);
                return;
            }

            var records = root.GetProperty(kind.Key);
            var index = 0;
            foreach (var element in records.EnumerateArray())
            {
                var at = new Location(file, $"/{kind.Key}/{index}", lines, root);
                Read(kind, element, at);
                index++;
            }
        }
    }

    /// <summary>
    /// Records of a file that failed its schema are not loaded, but their ids are still known, so that other
    /// files' references to them do not add a second, misleading error.
    /// </summary>
    private void RegisterIdsOfInvalidFile(SeedFileKind kind, JsonElement root, string file, JsonLineMap lines)
    {
        if (root.GetProperty(kind.Key) is not { ValueKind: JsonValueKind.Array } records)
        {
            return;
        }

        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                Register(id.GetString()!, kind.NodeKind, new Location(file, $"/{kind.Key}/{index}", lines, root));
            }

            index++;
        }
    }

    private void Read(SeedFileKind kind, JsonElement element, Location at)
    {
        switch (kind.Key)
        {
            case SeedFileKind.SourcesKey:
                var source = element.Deserialize<SourceRecord>(SeedJson.Options)!;
                if (Register(source.Id, NodeKind.Source, at))
                {
                    _batch.Sources.Add(new Source
                    {
                        Id = source.Id, Title = source.Title, Publisher = source.Publisher, Url = source.Url,
                        Retrieved = source.Retrieved, Licence = source.Licence, Note = source.Note,
                    });
                }

                break;
            case SeedFileKind.ChallengeAreasKey:
                var area = element.Deserialize<ChallengeAreaRecord>(SeedJson.Options)!;
                if (Register(area.Id, NodeKind.ChallengeArea, at))
                {
                    _batch.ChallengeAreas.Add(new ChallengeArea
                    {
                        Id = area.Id, Name = area.Name, Description = area.Description, ParentId = area.Parent, Path = "",
                        EvidenceStatement = area.EvidenceStatement?.Text, EvidenceStatementSources = NameList.Join(area.EvidenceStatement?.Sources),
                    });
                    _nodeSources.Add((area.Id, area.Sources, at.Field("sources")));
                    if (area.EvidenceStatement is { } statement)
                    {
                        // The statement's sources are the area's too: checked like them, and listed among what the area cites.
                        _nodeSources.Add((area.Id, statement.Sources, at.Field("evidenceStatement").Field("sources")));
                    }
                    if (area.Parent is not null)
                    {
                        _links.Add(new PendingLink(at.Field("parent"), null, area.Id, NodeKind.ChallengeArea, new SeedLink(area.Parent), [NodeKind.ChallengeArea], area.Sources));
                    }
                }

                break;
            case SeedFileKind.ModelsKey:
                var model = element.Deserialize<ModelRecord>(SeedJson.Options)!;
                if (Register(model.Id, NodeKind.Model, at))
                {
                    _batch.Models.Add(new Model
                    {
                        Id = model.Id, Name = model.Name, AlternativeNames = NameList.Join(model.AlternativeNames), Family = model.Family,
                        Subtype = model.Subtype, Description = model.Description,
                    });
                    _nodeSources.Add((model.Id, model.Sources, at.Field("sources")));
                    AddLinks(at, "challengeAreas", RelationshipType.Addresses, model.Id, NodeKind.Model, model.ChallengeAreas, model.Sources);
                    AddLinks(at, "outcomes", RelationshipType.Targets, model.Id, NodeKind.Model, model.Outcomes, model.Sources);
                }

                break;
            case SeedFileKind.OrganisationsKey:
                var organisation = element.Deserialize<OrganisationRecord>(SeedJson.Options)!;
                if (Register(organisation.Id, NodeKind.Organisation, at))
                {
                    var (region, regionRule, nation) = PlaceOf(organisation, at);
                    _batch.Organisations.Add(new Organisation
                    {
                        Id = organisation.Id, Name = organisation.Name, FormerNames = NameList.Join(organisation.FormerNames),
                        AlternativeNames = NameList.Join(organisation.AlternativeNames), LegalForm = organisation.LegalForm,
                        Status = organisation.Status, IncorporatedOn = organisation.IncorporatedOn, DissolvedOn = organisation.DissolvedOn,
                        Sector = organisation.Sector, SicCode = organisation.SicCode, SicDescription = organisation.SicDescription,
                        Region = region, RegionRule = regionRule, Nation = nation, Postcode = organisation.Postcode, Place = organisation.Place,
                        Website = organisation.Website, Description = organisation.Description,
                        Identifiers = (organisation.Identifiers ?? [])
                            .Select(i => new OrganisationIdentifier { OrganisationId = organisation.Id, Scheme = i.Scheme, Value = i.Value })
                            .DistinctBy(i => (i.Scheme, i.Value))
                            .ToList(),
                    });
                    _nodeSources.Add((organisation.Id, organisation.Sources, at.Field("sources")));
                    AddParticipations(at, organisation.Id, organisation.Models, organisation.Sources);
                    AddLinks(at, "challengeAreas", RelationshipType.WorksIn, organisation.Id, NodeKind.Organisation, organisation.ChallengeAreas, organisation.Sources);
                    AddLinks(at, "partners", RelationshipType.PartnersWith, organisation.Id, NodeKind.Organisation, organisation.Partners, organisation.Sources);
                }

                break;
            case SeedFileKind.FundersKey:
                var funder = element.Deserialize<FunderRecord>(SeedJson.Options)!;
                if (Register(funder.Id, NodeKind.Funder, at))
                {
                    _batch.Funders.Add(new Funder
                    {
                        Id = funder.Id, Name = funder.Name, FormerNames = NameList.Join(funder.FormerNames),
                        AlternativeNames = NameList.Join(funder.AlternativeNames), FunderKind = funder.Kind, OrganisationId = funder.Organisation,
                        Website = funder.Website, Description = funder.Description,
                    });
                    if (funder.Organisation is not null)
                    {
                        _links.Add(new PendingLink(at.Field("organisation"), null, funder.Id, NodeKind.Funder, new SeedLink(funder.Organisation), [NodeKind.Organisation], funder.Sources));
                    }

                    _nodeSources.Add((funder.Id, funder.Sources, at.Field("sources")));
                    var i = 0;
                    foreach (var funding in funder.Fundings ?? [])
                    {
                        var properties = new Relationship
                        {
                            Key = "", FromId = "", ToId = "", Type = RelationshipType.Funds,
                            Amount = funding.Amount, Currency = funding.Amount is null ? funding.Currency : funding.Currency ?? "GBP",
                            Year = funding.Year, Instrument = funding.Instrument, Note = funding.Note,
                        };
                        _links.Add(new PendingLink(at.Field($"fundings/{i++}/recipient"), RelationshipType.Funds, funder.Id, NodeKind.Funder,
                            new SeedLink(funding.Recipient, null, funding.Sources), RelationshipEnds.To(RelationshipType.Funds), funder.Sources, properties));
                    }
                }

                break;
            case SeedFileKind.OutcomesKey:
                var outcome = element.Deserialize<OutcomeRecord>(SeedJson.Options)!;
                if (Register(outcome.Id, NodeKind.Outcome, at))
                {
                    _batch.Outcomes.Add(new Outcome { Id = outcome.Id, Name = outcome.Name, Description = outcome.Description });
                    _nodeSources.Add((outcome.Id, outcome.Sources, at.Field("sources")));
                    AddLinks(at, "challengeAreas", RelationshipType.OutcomeIn, outcome.Id, NodeKind.Outcome, outcome.ChallengeAreas, outcome.Sources);
                }

                break;
            case SeedFileKind.EvidenceKey:
                var evidence = element.Deserialize<EvidenceRecord>(SeedJson.Options)!;
                if (Register(evidence.Id, NodeKind.Evidence, at))
                {
                    _batch.Evidence.Add(new EvidenceItem
                    {
                        Id = evidence.Id, Title = evidence.Title, Authors = evidence.Authors, Publisher = evidence.Publisher,
                        Year = evidence.Year, Url = evidence.Url, Design = evidence.Design, Summary = evidence.Summary,
                        StudiesPooled = evidence.StudiesPooled, Rating = RatingOf(evidence.Rating),
                        OtherRatings = [.. (evidence.OtherRatings ?? []).Select(RatingOf)],
                    });
                    _nodeSources.Add((evidence.Id, evidence.Sources, at.Field("sources")));
                    CheckOtherRatings(at, evidence);
                    AddLinks(at, "evaluates", RelationshipType.Evaluates, evidence.Id, NodeKind.Evidence, evidence.Evaluates, evidence.Sources);
                    AddLinks(at, "challengeAreas", RelationshipType.EvidenceIn, evidence.Id, NodeKind.Evidence, evidence.ChallengeAreas, evidence.Sources);
                    var i = 0;
                    foreach (var finding in evidence.Findings ?? [])
                    {
                        var properties = new Relationship
                        {
                            Key = "", FromId = "", ToId = "", Effect = finding.Effect, Note = finding.Note,
                            Primary = finding.Primary, EffectSize = finding.EffectSize, Significant = finding.Significant,
                        };
                        _links.Add(new PendingLink(at.Field($"findings/{i++}/outcome"), RelationshipType.Reports, evidence.Id, NodeKind.Evidence,
                            new SeedLink(finding.Outcome, null, finding.Sources), RelationshipEnds.To(RelationshipType.Reports), evidence.Sources, properties));
                    }
                }

                break;
        }
    }

    private static EvidenceRating RatingOf(RatingRecord rating) => new()
    {
        Scale = rating.Scale, Level = rating.Level, Label = rating.Label, Reason = rating.Reason, Sources = rating.Sources ?? [],
    };

    /// <summary>Each other rating is on its own scale, not the curator's, and its sources are cited by the item.</summary>
    private void CheckOtherRatings(Location at, EvidenceRecord evidence)
    {
        var scales = new HashSet<EvidenceScale> { evidence.Rating.Scale };
        var i = 0;
        foreach (var rating in evidence.OtherRatings ?? [])
        {
            var field = at.Field($"otherRatings/{i++}");
            if (!scales.Add(rating.Scale))
            {
                _errors.Add(field.Field("scale").Error(rating.Scale == evidence.Rating.Scale
                    ? $"the item's rating is already on this scale; 'otherRatings' holds ratings on other scales."
                    : $"a second rating on the same scale; give at most one rating per scale."));
            }

            _nodeSources.Add((evidence.Id, rating.Sources ?? [], field.Field("sources")));
        }
    }

    private void AddLinks(
        Location at, string field, RelationshipType type, string fromId, NodeKind fromKind,
        List<SeedLink>? links, List<string> recordSources)
    {
        var i = 0;
        foreach (var link in links ?? [])
        {
            _links.Add(new PendingLink(at.Field($"{field}/{i++}"), type, fromId, fromKind, link, RelationshipEnds.To(type), recordSources));
        }
    }

    /// <summary>An organisation's parts in models: RUNS for the roles that deliver, TAKES_PART_IN for the others.</summary>
    private void AddParticipations(Location at, string organisationId, List<SeedLink>? links, List<string> recordSources)
    {
        var i = 0;
        foreach (var link in links ?? [])
        {
            // The schema requires the role kind of every model link of an organisation.
            var type = link.RoleKind!.Value.RelationshipType();
            var properties = new Relationship { Key = "", FromId = "", ToId = "", RoleKind = link.RoleKind };
            _links.Add(new PendingLink(at.Field($"models/{i++}"), type, organisationId, NodeKind.Organisation, link, RelationshipEnds.To(type), recordSources, properties));
        }
    }

    private bool Register(string id, NodeKind kind, Location at)
    {
        if (_ids.TryGetValue(id, out var first))
        {
            _errors.Add(at.Field("id").Error($"id '{id}' is already used by {first.Kind} {first.At.Describe()}; ids must be unique across all seed-data files."));
            return false;
        }

        _ids[id] = (kind, at);
        return true;
    }

    private GraphBatch Finish()
    {
        foreach (var (nodeId, sources, at) in _nodeSources)
        {
            if (CheckSources(sources, at))
            {
                if (_batch.NodeSources.TryGetValue(nodeId, out var cited))
                {
                    cited.UnionWith(sources);
                }
                else
                {
                    _batch.NodeSources[nodeId] = new SortedSet<string>(sources, StringComparer.Ordinal);
                }
            }
        }

        foreach (var link in _links)
        {
            ResolveLink(link);
        }

        ComputeAreaPaths();

        if (_errors.Count > 0)
        {
            throw new SeedDataException(_errors);
        }

        return _batch;
    }

    private void ResolveLink(PendingLink link)
    {
        if (!_ids.TryGetValue(link.Target.Id, out var target))
        {
            _errors.Add(link.At.Error($"refers to '{link.Target.Id}', which no seed-data file defines; add that record or correct the id."));
            return;
        }

        if (!link.Allowed.Contains(target.Kind))
        {
            _errors.Add(link.At.Error($"refers to '{link.Target.Id}', which is a {target.Kind}; expected {string.Join(" or ", link.Allowed)}."));
            return;
        }

        // A challenge area's parent and a funder's organisation are columns, not relationships.
        if (link.Type is not { } type)
        {
            return;
        }

        var sources = link.Target.Sources ?? link.RecordSources;
        if (!CheckSources(sources, link.At))
        {
            return;
        }

        var relationship = new Relationship
        {
            Key = "",
            Type = type,
            FromKind = link.FromKind,
            FromId = link.FromId,
            ToKind = target.Kind,
            ToId = link.Target.Id,
            RoleKind = link.Properties?.RoleKind,
            Role = link.Target.Role,
            Amount = link.Properties?.Amount,
            Currency = link.Properties?.Currency,
            Year = link.Properties?.Year,
            Instrument = link.Properties?.Instrument,
            Effect = link.Properties?.Effect,
            Primary = link.Properties?.Primary,
            EffectSize = link.Properties?.EffectSize,
            Significant = link.Properties?.Significant,
            Note = link.Properties?.Note,
        };
        relationship.Key = RelationshipKeys.For(relationship);

        if (_batch.RelationshipSources.ContainsKey(relationship.Key))
        {
            _errors.Add(link.At.Error($"repeats the relationship {relationship.Key}; list it once."));
            return;
        }

        _batch.Relationships.Add(relationship);
        _batch.RelationshipSources[relationship.Key] = new SortedSet<string>(sources, StringComparer.Ordinal);
    }

    private bool CheckSources(List<string> sources, Location at)
    {
        var ok = true;
        foreach (var sourceId in sources)
        {
            if (!_ids.TryGetValue(sourceId, out var found) || found.Kind != NodeKind.Source)
            {
                _errors.Add(at.Error($"source '{sourceId}' is not defined in a sources file; add it there or correct the id."));
                ok = false;
            }
        }

        return ok;
    }

    private void ComputeAreaPaths()
    {
        var byId = _batch.ChallengeAreas.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var area in _batch.ChallengeAreas)
        {
            var chain = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = area; current is not null; current = current.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent : null)
            {
                if (!seen.Add(current.Id))
                {
                    var at = _ids[area.Id].At;
                    _errors.Add(at.Field("parent").Error($"the parents of '{area.Id}' form a cycle ({string.Join(" -> ", chain.Append(current.Id))}); the challenge areas must form a tree."));
                    break;
                }

                chain.Add(current.Id);
            }

            chain.Reverse();
            area.Path = "/" + string.Join("/", chain) + "/";
            area.Depth = chain.Count - 1;
        }
    }

    /// <summary>
    /// An organisation's region and nation as the import of open data gives them: a region the record leaves out comes
    /// from its postcode in England (by the postcode-area table, with the rule where the area spans regions), and a
    /// nation left out follows from the region. A region that contradicts the postcode is an error.
    /// </summary>
    private (string? Region, string? RegionRule, string? Nation) PlaceOf(OrganisationRecord organisation, Location at)
    {
        var region = organisation.Region;
        string? rule = null;
        var nation = organisation.Nation ?? (region is null ? null : PostcodeAreas.EnglishRegions.Contains(region) ? "England" : region);
        if (nation == "England" && _postcodeAreas.EnglishRegionOf(organisation.Postcode) is { } fromPostcode)
        {
            if (region is null)
            {
                (region, rule) = (fromPostcode.Region, fromPostcode.Rule);
            }
            else if (region != fromPostcode.Region && fromPostcode.Rule is null)
            {
                _errors.Add(at.Field("region").Error(
                    $"'{region}' contradicts the postcode {organisation.Postcode}, whose area lies in {fromPostcode.Region} ({PostcodeAreas.File}); correct one of them."));
            }
        }

        if (organisation.Nation is not null && region is not null && nation != (PostcodeAreas.EnglishRegions.Contains(region) ? "England" : region))
        {
            _errors.Add(at.Field("nation").Error($"'{organisation.Nation}' contradicts the region '{region}'; correct one of them."));
        }

        return (region, rule, nation);
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends the position, which the error already gives as file:line and column.
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    private sealed record PendingLink(
        Location At, RelationshipType? Type, string FromId, NodeKind FromKind, SeedLink Target, IReadOnlyList<NodeKind> Allowed,
        List<string> RecordSources, Relationship? Properties = null);

    /// <summary>A place in a seed-data file: the file, a JSON Pointer into it, and what is needed to describe it.</summary>
    private sealed record Location(string File, string Pointer, JsonLineMap Lines, JsonElement Root)
    {
        public Location Field(string relative) => this with { Pointer = $"{Pointer}/{relative}" };

        public SeedDataError Error(string message)
        {
            var (record, field) = Describe(Pointer);
            return new SeedDataError(File, LineOf(Pointer), record, field, message);
        }

        public string Describe()
        {
            var (record, _) = Describe(Pointer);
            return $"{record} in {File}";
        }

        private int? LineOf(string pointer)
        {
            // The pointer may name a missing member: fall back to the nearest enclosing value.
            for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
            {
                if (Lines.LineOf(p) is { } line)
                {
                    return line;
                }

                if (p.Length == 0)
                {
                    return null;
                }
            }
        }

        private (string? Record, string? Field) Describe(string pointer)
        {
            var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[1], out var index))
            {
                return (null, parts.Length == 0 ? null : string.Join(".", parts));
            }

            var record = $"{parts[0]}[{index}]";
            if (Root.TryGetProperty(parts[0], out var array) && array.ValueKind == JsonValueKind.Array && index < array.GetArrayLength()
                && array[index].ValueKind == JsonValueKind.Object && array[index].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                record += $" (id '{id.GetString()}')";
            }

            if (parts.Length == 2)
            {
                return (record, null);
            }

            var field = string.Concat(parts.Skip(2).Select((p, i) => int.TryParse(p, out _) ? $"[{p}]" : (i == 0 ? p : "." + p)));
            return (record, field);
        }
    }
}

using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// The last step of an INDIGO import: puts into the batch the organisations and funds that are imported (under a
/// country filter, those the imported projects involve) with the funders they are, the relationships whose ends
/// are imported with their merged roles, notes and amounts, and the nodes the readers made; then sorts it.
/// </summary>
internal static class IndigoBatchAssembler
{
    public static GraphBatch Assemble(
        IndigoImportState state, IndigoProjects projects, IndigoOrganisations organisations, IndigoFunds funds,
        IReadOnlyDictionary<string, FunderRoles> funderRoles, IndigoCitations citations)
    {
        var batch = state.Batch;
        state.Sources[IndigoImporter.DatasetSourceId] = new Source
        {
            Id = IndigoImporter.DatasetSourceId, Origin = GraphOrigins.Indigo, Title = "INDIGO impact bond data (export of 20 May 2025)",
            Publisher = "Government Outcomes Lab, University of Oxford", Url = "https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/",
            // The INDIGO data standard repository states no licence for the data, so none is claimed.
            Licence = null,
        };

        var everyOrganisation = projects.InCountry is null;
        foreach (var record in organisations.ById.Values)
        {
            if (!everyOrganisation && !organisations.Used.Contains(record.Id))
            {
                continue;
            }

            if (record.Problems.Count > 0)
            {
                state.Errors.AddRange(record.Problems);
                continue;
            }

            var sources = new List<string> { IndigoImporter.DatasetSourceId };
            sources.AddRange(organisations.Sources.Where(s => s.Key.Organisation == record.Id).Select(s => citations.UseOrganisationSource(record.Id, s.Value)));
            foreach (var secondary in record.SecondarySources)
            {
                sources.AddRange(citations.OrganisationSourceIds(secondary, record.Id));
            }

            record.Organisation.Identifiers = [.. record.Organisation.Identifiers.OrderBy(i => i.Scheme, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal)];
            batch.Organisations.Add(record.Organisation);
            state.AddNodeSources(record.Organisation.Id, sources);

            if (funderRoles.TryGetValue(record.Id, out var roles))
            {
                var funderId = FunderIdOf(record.Id);
                batch.Funders.Add(new Funder
                {
                    Id = funderId, Origin = GraphOrigins.Indigo, Name = record.Organisation.Name, FunderKind = KindOf(record, roles),
                    Website = record.Organisation.Website,
                    // The organisation was added to the batch just above: the funder is the same body, seen from its money.
                    OrganisationId = record.Organisation.Id,
                });
                state.AddNodeSources(funderId, sources);
            }
        }

        foreach (var fund in funds.ById.Values)
        {
            if (!everyOrganisation && !funds.Used.Contains(fund.Id))
            {
                continue;
            }

            if (fund.Problems.Count > 0)
            {
                state.Errors.AddRange(fund.Problems);
                continue;
            }

            state.Errors.AddRange(fund.DocumentProblems);
            var sources = new List<string> { IndigoImporter.DatasetSourceId };
            foreach (var document in fund.Documents)
            {
                var url = UrlOrNull(document["URL"]);
                var id = Id("indigo-src", LocalId(fund.Id), url is null ? Slug(document["Title"]) : Fingerprint(url));
                state.Sources.TryAdd(id, new Source
                {
                    Id = id, Origin = GraphOrigins.Indigo, Title = Truncate(Optional(document["Title"]) ?? url!, MaxName), Url = url,
                    Note = "document of the outcome fund, listed in INDIGO",
                });
                sources.Add(id);
            }

            batch.Funders.Add(fund.Funder);
            state.AddNodeSources(fund.Funder.Id, sources);
        }

        // Relationships whose funder was left out (an invalid organisation) go with it.
        var funderIds = batch.Funders.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, relationship) in state.Relationships)
        {
            if (relationship.Type == RelationshipType.Funds && !funderIds.Contains(relationship.FromId))
            {
                batch.RelationshipSources.Remove(key);
                continue;
            }

            if (state.Roles.TryGetValue(key, out var roles))
            {
                relationship.Role = Truncate(string.Join("; ", roles), MaxName);
            }

            var notes = state.Notes.TryGetValue(key, out var stated) ? stated : [];
            if (state.FundingParts.TryGetValue(key, out var parts) && MergeAmounts(relationship, parts) is { } summary)
            {
                notes = [summary, .. notes];
            }

            if (notes.Count > 0)
            {
                relationship.Note = Truncate(string.Join("; ", notes), MaxText);
            }

            batch.Relationships.Add(relationship);
        }

        batch.Sources.AddRange(state.Sources.Values);
        batch.Evidence.AddRange(state.EvidenceByUrl.Values);

        // NodeSources may name nodes that were not added (none by construction); keep the two in step.
        var nodeIds = batch.Models.Select(n => n.Id).Concat(batch.Organisations.Select(n => n.Id)).Concat(batch.Funders.Select(n => n.Id))
            .Concat(batch.Evidence.Select(n => n.Id))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in batch.NodeSources.Keys.Where(id => !nodeIds.Contains(id)).ToList())
        {
            batch.NodeSources.Remove(orphan);
        }

        SortBatch(batch);
        return batch;
    }

    /// <summary>
    /// Several commitments of one funder to one project, with the same instrument, are one FUNDS relationship:
    /// their stated amounts are added up when they share a currency, and the note says how many there were.
    /// </summary>
    private static string? MergeAmounts(Relationship relationship, List<Money> parts)
    {
        var stated = parts.Where(p => p.Amount is not null).ToList();
        var currencies = stated.Select(p => p.Currency).Distinct().ToList();
        if (stated.Count > 0 && currencies.Count == 1)
        {
            relationship.Amount = stated.Sum(p => p.Amount!.Value);
            relationship.Currency = currencies[0];
        }

        if (parts.Count == 1)
        {
            return null;
        }

        var without = parts.Count - stated.Count;
        return currencies.Count > 1
            ? $"{parts.Count} commitments in different currencies: {string.Join(", ", stated.Select(p => Format(p.Amount!.Value, p.Currency)))}"
            : $"{parts.Count} commitments in INDIGO{(stated.Count > 1 ? "; the amount is their sum" : "")}{(without > 0 && stated.Count > 0 ? $"; {without} without an amount" : "")}";
    }

    /// <summary>
    /// What kind of funder an organisation is, as far as INDIGO says: its type ("Government body") and its
    /// role categories. Public bodies are told apart by name (councils and combined authorities are local
    /// authorities, NHS bodies and clinical commissioning groups NHS); an investor without a telling category
    /// is a social investor; anything else is Other.
    /// </summary>
    private static FunderKind KindOf(OrganisationRecord record, FunderRoles roles)
    {
        var categories = roles.InvestorCategories.Concat(roles.PayerCategories).ToList();
        var government = string.Equals(record.Organisation.LegalForm, "Government body", StringComparison.OrdinalIgnoreCase)
            || categories.Any(c => c.StartsWith("Government", StringComparison.OrdinalIgnoreCase));
        if (government)
        {
            var name = " " + record.Organisation.Name.ToLowerInvariant() + " ";
            if (name.Contains(" nhs ", StringComparison.Ordinal) || name.Contains("clinical commissioning group", StringComparison.Ordinal)
                || name.Contains(" ccg ", StringComparison.Ordinal) || name.Contains("integrated care board", StringComparison.Ordinal))
            {
                return FunderKind.Nhs;
            }

            string[] local = ["council", "borough", "combined authority", "greater london authority", "local authority", "county of "];
            return local.Any(w => name.Contains(w, StringComparison.Ordinal)) ? FunderKind.LocalAuthority : FunderKind.Government;
        }

        if (categories.Any(c => c.StartsWith("Foundation", StringComparison.OrdinalIgnoreCase)))
        {
            return FunderKind.Foundation;
        }

        string[] socialInvestor = ["", "Investment Fund", "Impact Investor", "High Net Worth Individual/Family Office/Private Bank"];
        if (roles.InvestorCategories.Count > 0 && roles.InvestorCategories.All(c => socialInvestor.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            return FunderKind.SocialInvestor;
        }

        return FunderKind.Other;
    }

    private static void SortBatch(GraphBatch batch)
    {
        batch.Sources.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.ChallengeAreas.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.Models.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.Organisations.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.Funders.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.Outcomes.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.Evidence.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        batch.Relationships.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
    }
}

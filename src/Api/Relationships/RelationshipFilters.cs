using SocialEconomy.Api.Evidence;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Funders;
using SocialEconomy.Api.Models;
using SocialEconomy.Api.Organisations;
using SocialEconomy.Api.Outcomes;
using SocialEconomy.Api.Schema;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.Relationships;

/// <summary>The descriptions of the conditions every relationship filter has on how a relationship was derived.</summary>
internal static class DerivationFilter
{
    public const string Rule = "The crosswalk rule that derived the relationship (\"crosswalk-file-id/rule-id\"); relationships a source states have none, so eq: null selects them.";

    public const string ReadValue = "The value of the dataset the crosswalk rule read, e.g. eq: \"Homelessness\".";
}

/// <summary>Conditions on one funding: its amount, year, instrument and the funder and recipient at its ends.</summary>
public static class FundingFilter
{
    public static readonly FilterDefinition<Relationship> Definition = new FilterDefinition<Relationship>()
        .Decimal("amount", r => r.Amount, "The amount (in the funding's currency); fundings without a stated amount never match.")
        .String("currency", r => r.Currency, "ISO 4217 currency code.")
        .Int("year", r => r.Year, "The year of the funding.")
        .Enum<FundingInstrument, FundingInstrumentType>("instrument", r => r.Instrument, "How the money was given.")
        .String("note", r => r.Note, "What the funding was for.")
        .String("rule", r => r.Rule, DerivationFilter.Rule)
        .String("readValue", r => r.ReadValue, DerivationFilter.ReadValue)
        .Custom("funder", typeof(FunderFilterInputType), "Conditions on the funder.",
            (value, db) =>
            {
                var funders = db.Funders.Where(FunderFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => funders.Any(f => f.Id == r.FromId);
            })
        .Custom("organisation", typeof(OrganisationFilterInputType), "Conditions on the organisation funded (fundings of models never match).",
            (value, db) =>
            {
                var organisations = db.Organisations.Where(OrganisationFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => organisations.Any(o => o.Id == r.ToId);
            })
        .Custom("model", typeof(ModelFilterInputType), "Conditions on the model funded (fundings of organisations never match).",
            (value, db) =>
            {
                var models = db.Models.Where(ModelFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => models.Any(m => m.Id == r.ToId);
            });
}

public sealed class FundingFilterInputType() : FilterInputType<Relationship>("FundingFilterInput", "Conditions on a funding.", FundingFilter.Definition);

/// <summary>Conditions on one finding: the direction of the effect and the outcome and evidence at its ends.</summary>
public static class FindingFilter
{
    public static readonly FilterDefinition<Relationship> Definition = new FilterDefinition<Relationship>()
        .Enum<Effect, EffectType>("effect", r => r.Effect, "The direction of the effect; findings without a stated direction match only neq and nin.")
        .String("note", r => r.Note, "The finding in a sentence.")
        .String("rule", r => r.Rule, DerivationFilter.Rule)
        .String("readValue", r => r.ReadValue, DerivationFilter.ReadValue)
        .Custom("outcome", typeof(OutcomeFilterInputType), "Conditions on the outcome measured.",
            (value, db) =>
            {
                var outcomes = db.Outcomes.Where(OutcomeFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => outcomes.Any(o => o.Id == r.ToId);
            })
        .Custom("evidence", typeof(EvidenceFilterInputType), "Conditions on the evidence that reports it.",
            (value, db) =>
            {
                var evidence = db.Evidence.Where(EvidenceFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => evidence.Any(e => e.Id == r.FromId);
            });
}

public sealed class FindingFilterInputType() : FilterInputType<Relationship>("FindingFilterInput", "Conditions on a finding.", FindingFilter.Definition);

/// <summary>Conditions on one participation: the role played and the organisation and model at its ends.</summary>
public static class ParticipationFilter
{
    public static readonly FilterDefinition<Relationship> Definition = new FilterDefinition<Relationship>()
        .Enum<ParticipationRole, ParticipationRoleType>("role", r => r.RoleKind, "The part played, e.g. eq: INVESTOR; participations whose role is not classified match only neq and nin.")
        .String("roleDetail", r => r.Role, "The part played in its source's words, e.g. contains \"lead partner\"; participations without them never match.")
        .String("note", r => r.Note, "More about the role.")
        .String("rule", r => r.Rule, DerivationFilter.Rule)
        .String("readValue", r => r.ReadValue, DerivationFilter.ReadValue)
        .Custom("organisation", typeof(OrganisationFilterInputType), "Conditions on the organisation taking part.",
            (value, db) =>
            {
                var organisations = db.Organisations.Where(OrganisationFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => organisations.Any(o => o.Id == r.FromId);
            })
        .Custom("model", typeof(ModelFilterInputType), "Conditions on the model.",
            (value, db) =>
            {
                var models = db.Models.Where(ModelFilter.Definition.Build((IDictionary<string, object?>)value, db));
                return r => models.Any(m => m.Id == r.ToId);
            });
}

public sealed class ParticipationFilterInputType()
    : FilterInputType<Relationship>("ParticipationFilterInput", "Conditions on an organisation's part in a model.", ParticipationFilter.Definition);

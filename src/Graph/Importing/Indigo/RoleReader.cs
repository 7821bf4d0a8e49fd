using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Reads who does what in each project: service provisions become RUNS relationships (service providers), and
/// investments, outcome payment commitments and intermediary services TAKES_PART_IN relationships (investors,
/// outcome payers, intermediaries), investments and commitments FUNDS relationships too; the projects' outcome
/// funds become FUNDS relationships of those funds. One organisation in two roles on one project has one
/// relationship per role. Intermediary services are read before investments because the investment-routes
/// crosswalk reads them: where a fund manager's fund invested, INDIGO lists the fund's own backers as the project's
/// investors, and those become indirect investors with no FUNDS relationship to the project.
/// </summary>
internal sealed class RoleReader
{
    private const string OrganisationId = "Organisation ID - (Value)";
    private const string RoleCategory = "Organisation Role Category - (Value)";

    public const string InvestmentRoutesCrosswalk = "indigo-investment-routes";

    private readonly IndigoImportState _state;
    private readonly IndigoProjects _projects;
    private readonly IndigoOrganisations _organisations;
    private readonly IndigoFunds _funds;
    private readonly IndigoCitations _citations;
    private readonly Dictionary<string, FunderRoles> _funderRoles = new(StringComparer.Ordinal);

    /// <summary>Each project's intermediary services as the investment-routes crosswalk reads them: "Name (service)".</summary>
    private readonly Dictionary<string, List<string>> _intermediaryServices = new(StringComparer.Ordinal);

    private RoleReader(IndigoImportState state, IndigoProjects projects, IndigoOrganisations organisations, IndigoFunds funds, IndigoCitations citations)
    {
        _state = state;
        _projects = projects;
        _organisations = organisations;
        _funds = funds;
        _citations = citations;
    }

    /// <summary>Returns the funder roles of the organisations that invest or pay for outcomes, by INDIGO organisation id.</summary>
    public static IReadOnlyDictionary<string, FunderRoles> Read(
        IndigoImportState state, IndigoProjects projects, IndigoOrganisations organisations, IndigoFunds funds, IndigoCitations citations)
    {
        var reader = new RoleReader(state, projects, organisations, funds, citations);
        reader.ReadServiceProvisions();
        reader.ReadIntermediaryServices();
        reader.ReadInvestments();
        reader.ReadPaymentCommitments();
        reader.ReadProjectFunds();
        return reader._funderRoles;
    }

    private void ReadServiceProvisions()
    {
        var table = _state.Open(ServiceProvisionsFile, ProjectId, OrganisationId, RoleCategory, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!_projects.TryGet(row, out var project) || !_organisations.TryGet(row, OrganisationId, out var organisation))
            {
                continue;
            }

            var sources = _citations.RowSourceIds(row, project.Id);
            AddParticipation(organisation, project, ParticipationRole.ServiceProvider, Refined("service provider", row[RoleCategory]), null, sources);
            count++;
        }

        _state.Progress(ServiceProvisionsFile, table is null ? "not read" : $"{table.Rows.Count} service provisions; {count} imported");
    }

    private void ReadInvestments()
    {
        const string currency = "Investment Commitment - Currency - (Value)";
        const string minimum = "Investment Commitment - Amount - Min - (Value)";
        const string exact = "Investment Commitment - Amount - Exact - (Value)";
        const string maximum = "Investment Commitment - Amount - Max - (Value)";
        const string type = "Investment Type - (Value)";
        var table = _state.Open(InvestmentsFile, ProjectId, OrganisationId, RoleCategory, currency, minimum, exact, maximum, type, RowSources);
        var routes = _state.Options.Crosswalks?.Find(InvestmentRoutesCrosswalk);
        var count = 0;
        var indirect = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!_projects.TryGet(row, out var project) || !_organisations.TryGet(row, OrganisationId, out var organisation))
            {
                continue;
            }

            var problems = new List<ImportError>();
            var exactMoney = ReadMoney(row, exact, problems);
            var minMoney = ReadMoney(row, minimum, problems);
            var maxMoney = ReadMoney(row, maximum, problems);
            var currencyCode = ReadCurrency(row, currency, problems);
            CheckCurrency(row, exact, exactMoney, currencyCode, problems);
            CheckCurrency(row, minimum, minMoney, currencyCode, problems);
            CheckCurrency(row, maximum, maxMoney, currencyCode, problems);
            if (problems.Count > 0)
            {
                _state.Errors.AddRange(problems);
                continue;
            }

            var notes = new List<string>();
            Money money;
            if (exactMoney.Amount is not null)
            {
                money = exactMoney;
            }
            else if (minMoney.Amount is not null && maxMoney.Amount is not null)
            {
                money = minMoney;
                notes.Add($"INDIGO gives a range: the amount is the minimum, {Format(minMoney.Amount.Value, minMoney.Currency ?? currencyCode)}; the maximum is {Format(maxMoney.Amount.Value, maxMoney.Currency ?? currencyCode)}");
            }
            else if (minMoney.Amount is not null)
            {
                money = minMoney;
                notes.Add("INDIGO gives only a minimum commitment");
            }
            else if (maxMoney.Amount is not null)
            {
                money = maxMoney;
                notes.Add("INDIGO gives only a maximum commitment");
            }
            else
            {
                money = new Money(null, null, null);
            }

            if (Optional(row[type]) is { } investmentType)
            {
                notes.Add($"investment type: {investmentType}");
            }

            var sources = _citations.RowSourceIds(row, project.Id);
            var category = row[RoleCategory];
            count++;
            if (RouteOf(routes, organisation, project) is { } route)
            {
                // Its money reached the project through the fund it backs: a part in the project, not the project's funding.
                if (money.Amount is { } amount)
                {
                    notes.Insert(0, $"INDIGO gives {Format(amount, money.Currency ?? currencyCode)}, not counted as the project's funding");
                }

                AddParticipation(organisation, project, route.Role, Refined("investor", category), string.Join("; ", notes) is { Length: > 0 } note ? note : null,
                    [.. sources, .. _state.CrosswalkSources(InvestmentRoutesCrosswalk)], route.Link);
                indirect++;
                continue;
            }

            AddParticipation(organisation, project, ParticipationRole.Investor, Refined("investor", category), null, sources);
            RoleOf(organisation.Id).InvestorCategories.Add(category);
            AddFunding(FunderIdOf(organisation.Id), project, InstrumentOf(row[type]), money, currencyCode, notes, sources);
        }

        _state.Progress(InvestmentsFile, table is null ? "not read"
            : $"{table.Rows.Count} investments; {count} imported, {indirect} of them by backers of a fund the project's investment came through");
    }

    private void ReadPaymentCommitments()
    {
        const string currency = "Maximum potential Outcome payment - Currency - (Value)";
        const string maximum = "Maximum potential Outcome payment - Amount - (Value)";
        const string paidCurrency = "Total outcome payments made - Currency - (Value)";
        const string paid = "Total outcome payments made - Amount - (Value)";
        var table = _state.Open(PaymentCommitmentsFile, ProjectId, OrganisationId, RoleCategory, currency, maximum, paidCurrency, paid, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!_projects.TryGet(row, out var project) || !_organisations.TryGet(row, OrganisationId, out var organisation))
            {
                continue;
            }

            var problems = new List<ImportError>();
            var maxMoney = ReadMoney(row, maximum, problems);
            var currencyCode = ReadCurrency(row, currency, problems);
            var paidMoney = ReadMoney(row, paid, problems);
            var paidCode = ReadCurrency(row, paidCurrency, problems);
            CheckCurrency(row, maximum, maxMoney, currencyCode, problems);
            CheckCurrency(row, paid, paidMoney, paidCode, problems);
            if (problems.Count > 0)
            {
                _state.Errors.AddRange(problems);
                continue;
            }

            var notes = new List<string>();
            Money money;
            if (maxMoney.Amount is not null)
            {
                money = maxMoney;
                notes.Add("maximum potential outcome payment");
            }
            else if (paidMoney.Amount is not null)
            {
                money = paidMoney;
                currencyCode = paidCode;
                notes.Add("outcome payments made (no maximum potential payment is given)");
            }
            else
            {
                money = new Money(null, null, null);
            }

            if (maxMoney.Amount is not null && paidMoney.Amount is { } paidAmount)
            {
                notes.Add($"outcome payments made: {Format(paidAmount, paidMoney.Currency ?? paidCode)}");
            }

            var sources = _citations.RowSourceIds(row, project.Id);
            var category = row[RoleCategory];
            AddParticipation(organisation, project, ParticipationRole.OutcomePayer, Refined("outcome payer", category), null, sources);
            RoleOf(organisation.Id).PayerCategories.Add(category);
            AddFunding(FunderIdOf(organisation.Id), project, FundingInstrument.OutcomesPayment, money, currencyCode, notes, sources);
            count++;
        }

        _state.Progress(PaymentCommitmentsFile, table is null ? "not read" : $"{table.Rows.Count} outcome payment commitments; {count} imported");
    }

    private void ReadIntermediaryServices()
    {
        const string description = "Other Role Description - (Value)";
        var table = _state.Open(IntermediaryServicesFile, ProjectId, OrganisationId, RoleCategory, description, RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!_projects.TryGet(row, out var project) || !_organisations.TryGet(row, OrganisationId, out var organisation))
            {
                continue;
            }

            // The category names the service ("performance management"); "Other" is explained by the description,
            // which goes into the role when it is short and into the note when it is a paragraph.
            var category = row[RoleCategory];
            var other = row[description];
            string role;
            string? note = null;
            if (category.Length > 0 && !category.Equals("Other", StringComparison.OrdinalIgnoreCase))
            {
                role = $"intermediary ({category.ToLowerInvariant()})";
                note = Optional(other);
            }
            else if (other.Length is > 0 and <= 80)
            {
                role = $"intermediary ({other})";
            }
            else
            {
                role = "intermediary";
                note = Optional(other);
            }

            AddParticipation(organisation, project, ParticipationRole.Intermediary, role, note, _citations.RowSourceIds(row, project.Id));
            var service = category.Length > 0 && !category.Equals("Other", StringComparison.OrdinalIgnoreCase) ? category : Optional(other) ?? "intermediary";
            if (!_intermediaryServices.TryGetValue(project.Id, out var services))
            {
                _intermediaryServices[project.Id] = services = [];
            }

            services.Add($"{organisation.Row["Name"]} ({OneLine(service)})");
            count++;
        }

        _state.Progress(IntermediaryServicesFile, table is null ? "not read" : $"{table.Rows.Count} intermediary services; {count} imported");
    }

    private void ReadProjectFunds()
    {
        var table = _state.Open(ProjectFundsFile, ProjectId, "Id", RowSources);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!_projects.TryGet(row, out var project))
            {
                continue;
            }

            var fundId = row["Id"];
            if (fundId.Length == 0 || !_funds.IdsInFile.Contains(fundId))
            {
                _state.Errors.Add(row.Error("Id", fundId.Length == 0 ? "is empty; name the outcome fund (INDIGO-FUND-nnnn)." : $"'{fundId}' is not a fund in {FundsFile}."));
                continue;
            }

            if (!_funds.ById.TryGetValue(fundId, out var fund) || fund.Problems.Count > 0)
            {
                continue;
            }

            _funds.Used.Add(fundId);
            _state.AddRelationship(new Relationship
            {
                Key = "", Type = RelationshipType.Funds, FromKind = NodeKind.Funder, FromId = fund.Funder.Id, ToKind = NodeKind.Model,
                ToId = project.ModelId, Instrument = FundingInstrument.OutcomesPayment,
            }, _citations.RowSourceIds(row, project.Id));
            count++;
        }

        _state.Progress(ProjectFundsFile, table is null ? "not read" : $"{table.Rows.Count} project-fund links; {count} imported");
    }

    /// <summary>
    /// The part the investment-routes crosswalk gives this investment instead of INDIGO's "investor", read from the
    /// investor's name in INDIGO and the project's intermediary services; null when no rule matches.
    /// </summary>
    private (ParticipationRole Role, CrosswalkMatch Link)? RouteOf(Crosswalk? routes, OrganisationRecord organisation, ProjectRecord project)
    {
        if (routes is null)
        {
            return null;
        }

        var result = routes.Map(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["investor"] = organisation.Row["Name"],
            ["intermediaryServices"] = string.Join("; ", _intermediaryServices.GetValueOrDefault(project.Id) ?? []),
        });
        _state.Crosswalked.Record(routes, result, "");
        return result.Links.FirstOrDefault() is { } link ? (ParticipationRoles.ByName[link.Target], link) : null;
    }

    private static string Refined(string role, string category) => category.Length == 0 ? role : $"{role} ({category})";

    private FunderRoles RoleOf(string organisationId)
    {
        if (!_funderRoles.TryGetValue(organisationId, out var roles))
        {
            roles = new FunderRoles();
            _funderRoles[organisationId] = roles;
        }

        return roles;
    }

    /// <summary>
    /// A RUNS or TAKES_PART_IN relationship, by <paramref name="kind"/>; <paramref name="role"/> keeps INDIGO's wording.
    /// Rows of the same organisation, project and kind (two investments) merge into one relationship.
    /// </summary>
    private void AddParticipation(OrganisationRecord organisation, ProjectRecord project, ParticipationRole kind, string role, string? note,
        IEnumerable<string> sources, CrosswalkMatch? derivedBy = null)
    {
        _organisations.Used.Add(organisation.Id);
        var key = _state.AddRelationship(new Relationship
        {
            Key = "", Type = kind.RelationshipType(), RoleKind = kind, FromKind = NodeKind.Organisation, FromId = organisation.Organisation.Id,
            ToKind = NodeKind.Model, ToId = project.ModelId, Rule = derivedBy?.Rule, ReadValue = derivedBy is null ? null : Truncate(derivedBy.ReadValue, MaxText),
        }, sources);
        _state.AddRole(key, Truncate(role, MaxName));
        if (note is not null)
        {
            _state.AddNote(key, note);
        }
    }

    private void AddFunding(string funderId, ProjectRecord project, FundingInstrument? instrument, Money money, string? currency, List<string> notes, List<string> sources)
    {
        // A currency sign in the amount cell fills an empty currency column; a different one would be a contradiction.
        var stated = money with { Currency = currency ?? money.Currency };
        if (money.AsWritten is { } written)
        {
            notes.Add($"amount written as '{written}'");
        }

        var key = _state.AddRelationship(new Relationship
        {
            Key = "", Type = RelationshipType.Funds, FromKind = NodeKind.Funder, FromId = funderId, ToKind = NodeKind.Model, ToId = project.ModelId,
            Instrument = instrument,
        }, sources);
        _state.AddFundingPart(key, stated);
        foreach (var note in notes)
        {
            _state.AddNote(key, note);
        }
    }

    private static Money ReadMoney(CsvRow row, string heading, List<ImportError> problems)
    {
        var money = ParseMoney(row[heading], out var error);
        if (error is not null)
        {
            problems.Add(row.Error(heading, error));
        }

        return money;
    }

    /// <summary>A currency sign in the amount ("C$300,000") must agree with the currency column when both are given.</summary>
    private static void CheckCurrency(CsvRow row, string amountHeading, Money money, string? code, List<ImportError> problems)
    {
        if (money.Currency is { } sign && code is not null && sign != code)
        {
            problems.Add(row.Error(amountHeading, $"'{row[amountHeading]}' is in {sign} but the currency column says {code}."));
        }
    }

    private static string? ReadCurrency(CsvRow row, string heading, List<ImportError> problems)
    {
        if (!TryParseCurrency(row[heading], out var code))
        {
            problems.Add(row.Error(heading, $"'{row[heading]}' is not a currency; write an ISO 4217 code such as GBP."));
        }

        return code;
    }
}

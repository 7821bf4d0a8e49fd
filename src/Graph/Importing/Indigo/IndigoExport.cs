namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>The files of the INDIGO CSV export that are imported, and the headings several of them share.</summary>
internal static class IndigoExport
{
    public const string ProjectsFile = "original_projects.csv";
    public const string ProjectSourcesFile = "original_projects_sources.csv";
    public const string DeliveryLocationsFile = "original_projects_delivery_locations.csv";
    public const string OrganisationsFile = "original_organisations.csv";
    public const string OrganisationSourcesFile = "original_organisations_sources.csv";
    public const string SecondaryOrgIdsFile = "original_organisations_org-idssecondary.csv";
    public const string FundsFile = "original_funds.csv";
    public const string FundDocumentsFile = "original_funds_documents.csv";
    public const string ServiceProvisionsFile = "original_projects_service_provisions.csv";
    public const string InvestmentsFile = "original_projects_investments.csv";
    public const string PaymentCommitmentsFile = "original_projects_outcome_payment_commitments.csv";
    public const string IntermediaryServicesFile = "original_projects_intermediary_services.csv";
    public const string ProjectFundsFile = "original_projects_outcome_funds.csv";
    public const string OutcomeMetricsFile = "original_projects_outcome_metrics.csv";
    public const string DocumentsFile = "original_projects_documents.csv";
    public const string ResultsFile = "original_projects_results.csv";

    /// <summary>The project a row of a per-project table belongs to.</summary>
    public const string ProjectId = "Project ID";

    /// <summary>A row's own "Sources" cell: ids of its project's (or organisation's) sources.</summary>
    public const string RowSources = "Sources";
}

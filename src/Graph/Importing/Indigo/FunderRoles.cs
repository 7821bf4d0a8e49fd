namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>The role categories an organisation invests or pays for outcomes under, which tell what kind of funder it is.</summary>
internal sealed class FunderRoles
{
    public List<string> InvestorCategories { get; } = [];

    public List<string> PayerCategories { get; } = [];
}

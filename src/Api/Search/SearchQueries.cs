using GraphQL.Types;

namespace SocialEconomy.Api.Search;

/// <summary>Root fields for full-text search across all entity types.</summary>
public static class SearchQueries
{
    public static void AddSearchFields(this ObjectGraphType query)
    {
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Graph.Store;
using SocialEconomy.Graph.Store.Migrations.Postgres;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Search;

/// <summary>
/// PostgreSQL's search_fold takes a shortcut for plain (ASCII) text; whatever the text, it must fold it as its whole
/// folding does, which the stored search vectors were built with. (SQLite folds in FTS5's tokenizer.)
/// </summary>
public sealed class PostgresSearchFoldTests(PostgresApiServer server) : IClassFixture<PostgresApiServer>
{
    [SkippableTheory]
    [InlineData("Plain TEXT, here! 42")]
    [InlineData("")]
    [InlineData("  runs   of\tspace\n")]
    [InlineData("Esmée Fairbairn")]
    [InlineData("Ærø Straße, Łódź")]
    [InlineData("naïve-café ½ № 5")]
    [InlineData("İSTANBUL ıi Þór")]
    public async Task SearchFold_FoldsAsItsWholeFoldingDoes(string value)
    {
        server.SkipIfUnavailable();
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GraphDbContext>();

        var folded = await db.Database.SqlQueryRaw<string>("""SELECT search_fold({0}) AS "Value" """, value).SingleAsync();
        var wholeFolding = $"""SELECT {AddFullTextSearch.SearchFold("{0}")} AS "Value" """;
        var whole = await db.Database.SqlQueryRaw<string>(wholeFolding, value).SingleAsync();

        Assert.Equal(whole, folded);
    }
}

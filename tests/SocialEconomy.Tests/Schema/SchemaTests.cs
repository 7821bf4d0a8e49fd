using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using SocialEconomy.Tests.Infrastructure;

namespace SocialEconomy.Tests.Schema;

public sealed class SchemaTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    /// <summary>
    /// schema/schema.graphql is the approved contract. When the API changes on purpose, run the tests with
    /// GRAPH_APPROVE_SCHEMA=1 to rewrite it, and review the diff.
    /// </summary>
    [Fact]
    public void PrintedSchema_MatchesApprovedContract()
    {
        var schema = server.Services.GetRequiredService<ISchema>();
        var printed = schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var approvedPath = Path.Combine(Repository.Schema, "schema.graphql");
        if (Environment.GetEnvironmentVariable("GRAPH_APPROVE_SCHEMA") == "1")
        {
            File.WriteAllText(approvedPath, printed);
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        Assert.True(approved == printed,
            $"The schema differs from {approvedPath}. If the change is intended, run the tests with GRAPH_APPROVE_SCHEMA=1 and review the diff.");
    }

    [Fact]
    public void EveryTypeAndField_HasADescription()
    {
        var schema = server.Services.GetRequiredService<ISchema>();
        var missing = new List<string>();
        foreach (var type in schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }

            if (type is IComplexGraphType complex)
            {
                missing.AddRange(complex.Fields.Where(f => string.IsNullOrWhiteSpace(f.Description)).Select(f => $"{type.Name}.{f.Name}"));
            }
        }

        Assert.Empty(missing);
    }
}

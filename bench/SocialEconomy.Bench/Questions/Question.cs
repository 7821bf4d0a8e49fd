using System.Globalization;
using System.Text.Json.Nodes;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// One question the API answers, asked two ways: a GraphQL document over HTTP, and the hand-written SQL that
/// produces the same answer, run directly on the store. Each way reduces its answer to a short signature (counts
/// and keys), and the two must agree, so the comparison is between equal work.
/// </summary>
/// <param name="Name">The question, as the results table names it.</param>
/// <param name="Asks">What exactly is asked, with its target.</param>
/// <param name="Document">The GraphQL document.</param>
/// <param name="GraphQLAnswer">The signature of the GraphQL response's data.</param>
/// <param name="Sql">The direct SQL: one statement.</param>
/// <param name="Parameters">The SQL's parameters, by name (written @name in <paramref name="Sql"/>).</param>
/// <param name="SqlAnswer">The signature of the SQL's rows.</param>
/// <param name="Preparation">
/// Statements run once, in order on one connection, before the SQL is first asked: what a user of SQL would build once
/// for a question whose answer the API reads from a structure it builds once (comparable models). Their time is
/// reported beside the SQL's; none for most questions.
/// </param>
public sealed record Question(
    string Name,
    string Asks,
    string Document,
    Func<JsonNode, string> GraphQLAnswer,
    string Sql,
    IReadOnlyDictionary<string, object> Parameters,
    Func<IReadOnlyList<object?[]>, string> SqlAnswer,
    IReadOnlyList<string>? Preparation = null)
{
    internal static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json.Nodes;
using SocialEconomy.Bench.Questions;

namespace SocialEconomy.Bench.Peers;

/// <summary>
/// A question asked of this API and of PostGraphile: the API's document and the direct SQL (with their signatures,
/// as every benchmark question has), and PostGraphile's own document, written as a PostGraphile user would write it,
/// whose signature must equal the SQL's too.
/// </summary>
/// <param name="Question">The question as this API and the direct SQL ask it.</param>
/// <param name="PeerDocument">The same question in PostGraphile's GraphQL (over the views of bench/postgraphile/setup.sql).</param>
/// <param name="PeerAnswer">The signature of PostGraphile's response data.</param>
public sealed record PeerQuestion(Question Question, string PeerDocument, Func<JsonNode, string> PeerAnswer)
{
    public string Name => Question.Name;
}

using System.Buffers.Text;
using System.Text;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Api.GraphViews;

/// <summary>
/// Global ids of relationships: "Relationship:" and the relationship's natural key (e.g.
/// "Funds:big-society-capital->gm-homes-partnership:2017:Equity"), base64url-encoded like node ids. "Relationship"
/// is not a node kind, so these ids never decode as a node's (node(id:) returns null for them), NodeKind stays as it
/// is, and the natural key keeps the id stable across loads and the same on every store, which the row id is not.
/// </summary>
public static class RelationshipGlobalId
{
    private const string Prefix = "Relationship:";

    public static string Encode(Relationship relationship) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + relationship.Key));

}

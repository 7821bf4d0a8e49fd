using System.Buffers.Text;
using System.Text;
using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Api.Relay;

/// <summary>
/// Opaque global ids: the node kind and its key, base64url-encoded. Clients must treat them as opaque;
/// the kind inside lets <c>node(id:)</c> go straight to the right table.
/// </summary>
public static class GlobalId
{
    public static string Encode(NodeKind kind, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{key}"));

    public static bool TryDecode(string? id, out NodeKind kind, out string key)
    {
        kind = default;
        key = "";
        if (string.IsNullOrEmpty(id) || id.Length > 400)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Enum.TryParse(text[..colon], out kind) || !Enum.IsDefined(kind))
        {
            return false;
        }

        key = text[(colon + 1)..];
        return key.Length > 0;
    }
}

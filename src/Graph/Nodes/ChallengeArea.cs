namespace SocialEconomy.Graph.Nodes;

/// <summary>A public-service challenge; the areas form a tree under eight top-level areas.</summary>
public sealed class ChallengeArea : INode
{
    public static NodeKind Kind => NodeKind.ChallengeArea;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? ParentId { get; set; }

    /// <summary>
    /// Ids from the root down to this area, as "/root/child/this/". Kept so that "this area and everything
    /// beneath it" is one indexed prefix match instead of a recursive query.
    /// </summary>
    public required string Path { get; set; }

    public int Depth { get; set; }

    /// <summary>
    /// A curated statement of what is known about the evidence in this area where it is thin or absent (e.g. "no
    /// trial of ... has been published"), citing <see cref="EvidenceStatementSources"/>; null where none is curated.
    /// </summary>
    public string? EvidenceStatement { get; set; }

    /// <summary>Ids of the sources the statement rests on, one per line (see <see cref="NameList"/>).</summary>
    public string? EvidenceStatementSources { get; set; }
}

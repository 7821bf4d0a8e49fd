namespace SocialEconomy.Graph.Nodes;

/// <summary>What changes for people: a sustained tenancy, placement stability, fewer A&amp;E attendances.</summary>
public sealed class Outcome : INode
{
    public static NodeKind Kind => NodeKind.Outcome;

    public required string Id { get; set; }

    public string Origin { get; set; } = "";

    public required string Name { get; set; }

    public string? Description { get; set; }
}

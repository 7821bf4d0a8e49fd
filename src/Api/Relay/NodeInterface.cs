using GraphQL.Types;

namespace SocialEconomy.Api.Relay;

/// <summary>The Relay Node interface: every entity can be fetched again by its global id.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "Anything with a global id; fetch it again with node(id:).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque global id, stable across loads.");
    }
}

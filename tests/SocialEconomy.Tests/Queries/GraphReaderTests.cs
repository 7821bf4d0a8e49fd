using SocialEconomy.Api.Loading;
using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Tests.Queries;

public sealed class GraphReaderTests
{
    /// <summary>A kind the reader has no table for fails at once, naming it, rather than being looked up as a source and found nowhere.</summary>
    [Fact]
    public void Node_OfAKindItDoesNotKnow_Throws_NamingTheKind()
    {
        var reader = new GraphReader(db: null!, loaders: null!);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => reader.Node((NodeKind)99, "any"));
        Assert.Contains("reads no nodes of kind 99", error.Message, StringComparison.Ordinal);
    }
}

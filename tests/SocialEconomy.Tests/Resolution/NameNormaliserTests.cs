using SocialEconomy.Graph.Importing;

namespace SocialEconomy.Tests.Resolution;

public sealed class NameNormaliserTests
{
    // Pairs as the datasets spell them: INDIGO on the left, the curated seed data on the right.
    [Theory]
    [InlineData("St. Mungo's", "St Mungo's")]
    [InlineData("The Tudor Trust", "Tudor Trust")]
    [InlineData("Esmee Fairbairn Foundation", "Esmée Fairbairn Foundation")]
    [InlineData("Making Space ", "Making Space")]
    [InlineData("Lambeth GP Food Network Ltd", "Lambeth GP Food Network Limited")]
    [InlineData("Co-operative & Community Finance", "Cooperative and Community Finance")]
    public void SpellingsOfOneName_NormaliseAlike(string one, string other) =>
        Assert.Equal(NameNormaliser.Normalise(one), NameNormaliser.Normalise(other));

    [Theory]
    [InlineData("Shelter", "Crisis")]
    [InlineData("One Manchester", "Manchester")]
    public void DifferentNames_StayApart(string one, string other) =>
        Assert.NotEqual(NameNormaliser.Normalise(one), NameNormaliser.Normalise(other));

    [Fact]
    public void TheAndLimited_AloneAreKept() => Assert.Equal("the", NameNormaliser.Normalise("The"));
}

using GraphQL.Types;
using SocialEconomy.Api.Compiling;
using SocialEconomy.Api.Filtering;
using SocialEconomy.Api.Relay;
using SocialEconomy.Api.Sorting;
using SocialEconomy.Graph.Provenance;

namespace SocialEconomy.Api.Provenance;

public sealed class SourceType : NodeGraphType<Source>
{
    public SourceType()
        : base("Source", "Where a fact comes from: a publication, dataset or web page.", withSources: false)
    {
        Field(s => s.Title).Description("Title of the publication, dataset or page.");
        Field(s => s.Publisher, nullable: true).Description("Who published it.");
        Field(s => s.Url, nullable: true).Description("Where to read it.");
        Field<DateOnlyGraphType>("retrieved").Description("When it was read.").Resolve(c => c.Source.Retrieved).ReadsProperties(nameof(Source.Retrieved));
        Field(s => s.Licence, nullable: true).Description("The licence the facts are used under, when stated.");
        Field(s => s.Note, nullable: true).Description("Caveats, e.g. seen only on a mirror site.");
    }
}

public static class SourceFilter
{
    public static readonly FilterDefinition<Source> Definition = new FilterDefinition<Source>()
        .String("key", s => s.Id, "The readable key, e.g. \"housing-first\".")
        .String("title", s => s.Title, "The source's title.")
        .String("publisher", s => s.Publisher, "Who published it.")
        .String("url", s => s.Url, "Its address.");
}

public sealed class SourceFilterInputType() : FilterInputType<Source>("SourceFilterInput", "Conditions on sources.", SourceFilter.Definition);

public static class SourceSort
{
    public static readonly SortDefinition<Source> Definition = new SortDefinition<Source>()
        .By("title", s => s.Title, "By title.")
        .By("publisher", s => s.Publisher, "By publisher.");
}

public sealed class SourceSortInputType() : SortInputType<Source>("SourceSortInput", "Orders sources.", SourceSort.Definition);

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialEconomy.Graph.Nodes;

namespace SocialEconomy.Graph.Search;

/// <summary>
/// One node's searchable text: its name or title, its other names, and the rest of its text fields. The rows are written only by
/// the store's own triggers on the node tables (see the AddFullTextSearch migrations), so the index follows every
/// write, whoever makes it; each store indexes this table its own way (SQLite: the FTS5 table SearchIndex;
/// PostgreSQL: the generated tsvector column "Vector" with a GIN index).
/// </summary>
public sealed class SearchDocument
{
    public long Id { get; set; }

    public NodeKind Kind { get; set; }

    /// <summary>The node's id.</summary>
    public required string Key { get; set; }

    /// <summary>The name or title: words found here rank above words found only in <see cref="Body"/>.</summary>
    public required string Title { get; set; }

    /// <summary>
    /// The node's other names (former and alternative), one per line: indexed with <see cref="Title"/>, so that a
    /// search for a former name or an acronym ranks as one for the name does; kept apart from it, so that the title
    /// stays the name alone and its length (which breaks ties in the ranking) is the name's.
    /// </summary>
    public string Names { get; set; } = "";

    /// <summary>The node's other text fields, joined by spaces.</summary>
    public string Body { get; set; } = "";
}

internal sealed class SearchDocumentConfiguration : IEntityTypeConfiguration<SearchDocument>
{
    public void Configure(EntityTypeBuilder<SearchDocument> builder)
    {
        builder.ToTable("SearchDocuments");
        builder.Property(d => d.Key).HasMaxLength(120);
        builder.Property(d => d.Title).HasMaxLength(300);
        // Written by the node triggers of the kinds that have other names; empty for the others.
        builder.Property(d => d.Names).HasDefaultValue("");
        // The node triggers replace a node's row in place, so one row per node.
        builder.HasIndex(d => new { d.Kind, d.Key }).IsUnique();
    }
}

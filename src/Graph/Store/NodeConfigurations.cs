using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;

namespace SocialEconomy.Graph.Store;

internal static class NodeColumns
{
    public const int Id = 120;
    public const int Name = 300;
    public const int Url = 2000;
    public const int Text = 4000;
    public const int Origin = 40;
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Origin).HasMaxLength(NodeColumns.Origin);
        builder.Property(o => o.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(o => o.Name).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.FormerNames).HasMaxLength(NodeColumns.Text);
        builder.Property(o => o.AlternativeNames).HasMaxLength(NodeColumns.Text);
        builder.Property(o => o.LegalForm).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.Sector).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.SicCode).HasMaxLength(20);
        builder.Property(o => o.SicDescription).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.Region).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.RegionRule).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.Nation).HasMaxLength(40);
        builder.Property(o => o.Postcode).HasMaxLength(12);
        builder.Property(o => o.Place).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.Website).HasMaxLength(NodeColumns.Url);
        builder.Property(o => o.Description).HasMaxLength(NodeColumns.Text);
        builder.HasMany(o => o.Identifiers).WithOne().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.Name);
        builder.HasIndex(o => o.Region);
        builder.HasIndex(o => o.Status);
    }
}

internal sealed class OrganisationIdentifierConfiguration : IEntityTypeConfiguration<OrganisationIdentifier>
{
    public void Configure(EntityTypeBuilder<OrganisationIdentifier> builder)
    {
        builder.HasKey(i => new { i.OrganisationId, i.Scheme, i.Value });
        builder.Property(i => i.Scheme).HasMaxLength(20);
        builder.Property(i => i.Value).HasMaxLength(60);
        // Lookups by registered number (entity resolution across datasets).
        builder.HasIndex(i => new { i.Scheme, i.Value });
    }
}

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.Property(m => m.Origin).HasMaxLength(NodeColumns.Origin);
        builder.Property(m => m.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(m => m.Name).HasMaxLength(NodeColumns.Name);
        builder.Property(m => m.AlternativeNames).HasMaxLength(NodeColumns.Text);
        builder.Property(m => m.Subtype).HasMaxLength(NodeColumns.Name);
        builder.Property(m => m.Sector).HasMaxLength(NodeColumns.Name);
        builder.Property(m => m.Description).HasMaxLength(NodeColumns.Text);
        builder.HasIndex(m => m.Family);
        builder.HasIndex(m => m.Name);
    }
}

internal sealed class ChallengeAreaConfiguration : IEntityTypeConfiguration<ChallengeArea>
{
    public void Configure(EntityTypeBuilder<ChallengeArea> builder)
    {
        builder.Property(a => a.Origin).HasMaxLength(NodeColumns.Origin);
        builder.Property(a => a.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(a => a.Name).HasMaxLength(NodeColumns.Name);
        builder.Property(a => a.Description).HasMaxLength(NodeColumns.Text);
        builder.Property(a => a.ParentId).HasMaxLength(NodeColumns.Id);
        builder.Property(a => a.Path).HasMaxLength(1000);
        builder.HasOne<ChallengeArea>().WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.Path);
        builder.HasIndex(a => a.Name);
    }
}

internal sealed class FunderConfiguration : IEntityTypeConfiguration<Funder>
{
    public void Configure(EntityTypeBuilder<Funder> builder)
    {
        builder.Property(f => f.Origin).HasMaxLength(NodeColumns.Origin);
        builder.Property(f => f.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(f => f.Name).HasMaxLength(NodeColumns.Name);
        builder.Property(f => f.FormerNames).HasMaxLength(NodeColumns.Text);
        builder.Property(f => f.AlternativeNames).HasMaxLength(NodeColumns.Text);
        builder.Property(f => f.Website).HasMaxLength(NodeColumns.Url);
        builder.Property(f => f.Description).HasMaxLength(NodeColumns.Text);
        builder.Property(f => f.OrganisationId).HasMaxLength(NodeColumns.Id);
        builder.HasIndex(f => f.FunderKind);
        builder.HasIndex(f => f.OrganisationId);
    }
}

internal sealed class OutcomeConfiguration : IEntityTypeConfiguration<Outcome>
{
    public void Configure(EntityTypeBuilder<Outcome> builder)
    {
        builder.Property(o => o.Origin).HasMaxLength(NodeColumns.Origin);
        builder.Property(o => o.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(o => o.Name).HasMaxLength(NodeColumns.Name);
        builder.Property(o => o.Description).HasMaxLength(NodeColumns.Text);
    }
}

internal sealed class EvidenceItemConfiguration : IEntityTypeConfiguration<EvidenceItem>
{
    public void Configure(EntityTypeBuilder<EvidenceItem> builder)
    {
        builder.Property(e => e.Origin).HasMaxLength(NodeColumns.Origin);
        builder.ToTable("Evidence");
        builder.Property(e => e.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(e => e.Title).HasMaxLength(NodeColumns.Name);
        builder.Property(e => e.Authors).HasMaxLength(NodeColumns.Name);
        builder.Property(e => e.Publisher).HasMaxLength(NodeColumns.Name);
        builder.Property(e => e.Url).HasMaxLength(NodeColumns.Url);
        builder.Property(e => e.Summary).HasMaxLength(NodeColumns.Text);
        builder.OwnsOne(e => e.Rating, rating =>
        {
            rating.Property(r => r.Scale).HasColumnName("RatingScale");
            rating.Property(r => r.Level).HasColumnName("RatingLevel");
            rating.Property(r => r.Label).HasColumnName("RatingLabel").HasMaxLength(NodeColumns.Name);
            rating.Property(r => r.Reason).HasColumnName("RatingReason").HasMaxLength(NodeColumns.Text);
            rating.Ignore(r => r.Sources);
            rating.HasIndex(r => r.Level);
        });
        builder.Property(e => e.OtherRatings).HasConversion(OtherRatingsJson.Converter, OtherRatingsJson.Comparer);
    }
}

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.Property(s => s.Origin).HasMaxLength(NodeColumns.Origin);
        builder.Property(s => s.Id).HasMaxLength(NodeColumns.Id);
        builder.Property(s => s.Title).HasMaxLength(NodeColumns.Name);
        builder.Property(s => s.Publisher).HasMaxLength(NodeColumns.Name);
        builder.Property(s => s.Url).HasMaxLength(NodeColumns.Url);
        builder.Property(s => s.Licence).HasMaxLength(NodeColumns.Name);
        builder.Property(s => s.Note).HasMaxLength(NodeColumns.Text);
    }
}

internal sealed class NodeSourceConfiguration : IEntityTypeConfiguration<NodeSource>
{
    public void Configure(EntityTypeBuilder<NodeSource> builder)
    {
        builder.HasKey(s => new { s.NodeId, s.SourceId, s.Origin });
        builder.Property(s => s.NodeId).HasMaxLength(NodeColumns.Id);
        builder.Property(s => s.Origin).HasMaxLength(NodeColumns.Origin);
        builder.HasOne<Source>().WithMany().HasForeignKey(s => s.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NodeCountConfiguration : IEntityTypeConfiguration<NodeCount>
{
    public void Configure(EntityTypeBuilder<NodeCount> builder) => builder.HasKey(c => c.Kind);
}

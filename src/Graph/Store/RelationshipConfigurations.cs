using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;

namespace SocialEconomy.Graph.Store;

internal sealed class RelationshipConfiguration : IEntityTypeConfiguration<Relationship>
{
    public void Configure(EntityTypeBuilder<Relationship> builder)
    {
        builder.Property(r => r.Key).HasMaxLength(400);
        builder.Property(r => r.Origin).HasMaxLength(NodeColumns.Origin);
        builder.HasIndex(r => r.Key).IsUnique();
        builder.Property(r => r.FromId).HasMaxLength(NodeColumns.Id);
        builder.Property(r => r.ToId).HasMaxLength(NodeColumns.Id);
        builder.Property(r => r.Role).HasMaxLength(NodeColumns.Name);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.Note).HasMaxLength(NodeColumns.Text);
        builder.Property(r => r.EffectSize).HasMaxLength(NodeColumns.Name);
        builder.Property(r => r.Rule).HasMaxLength(NodeColumns.Name);
        builder.Property(r => r.ReadValue).HasMaxLength(NodeColumns.Text);
        // Both directions of traversal: children of a node by type, and the reverse.
        builder.HasIndex(r => new { r.FromId, r.Type, r.ToId });
        builder.HasIndex(r => new { r.ToId, r.Type, r.FromId });
    }
}

internal sealed class RelationshipSourceConfiguration : IEntityTypeConfiguration<RelationshipSource>
{
    public void Configure(EntityTypeBuilder<RelationshipSource> builder)
    {
        builder.HasKey(s => new { s.RelationshipId, s.SourceId, s.Origin });
        builder.Property(s => s.Origin).HasMaxLength(NodeColumns.Origin);
        builder.HasOne<Relationship>().WithMany().HasForeignKey(s => s.RelationshipId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Source>().WithMany().HasForeignKey(s => s.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RelationshipCountConfiguration : IEntityTypeConfiguration<RelationshipCount>
{
    public void Configure(EntityTypeBuilder<RelationshipCount> builder)
    {
        // The key is the look-up: a list's length is one read of it.
        builder.HasKey(c => new { c.NodeId, c.Type, c.Direction, c.FarKind });
        builder.Property(c => c.NodeId).HasMaxLength(NodeColumns.Id);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Verdicts;

internal sealed class AreaVerdictConfiguration : IEntityTypeConfiguration<AreaVerdict>
{
    public void Configure(EntityTypeBuilder<AreaVerdict> builder)
    {
        // An area's models, ranked, are read by the key's first column; a model's areas by the index.
        builder.HasKey(v => new { v.AreaId, v.ModelId });
        builder.Property(v => v.AreaId).HasMaxLength(NodeColumns.Id);
        builder.Property(v => v.ModelId).HasMaxLength(NodeColumns.Id);
        builder.Property(v => v.Rule).HasMaxLength(60);
        builder.HasIndex(v => v.ModelId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Graph.Verdicts;

internal sealed class ModelVerdictConfiguration : IEntityTypeConfiguration<ModelVerdict>
{
    public void Configure(EntityTypeBuilder<ModelVerdict> builder)
    {
        builder.HasKey(v => v.ModelId);
        builder.Property(v => v.ModelId).HasMaxLength(NodeColumns.Id);
        builder.Property(v => v.Rule).HasMaxLength(60);
        builder.HasIndex(v => v.Verdict);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SocialEconomy.Graph.Loading;

namespace SocialEconomy.Graph.Store;

internal sealed class StoreLoadConfiguration : IEntityTypeConfiguration<StoreLoad>
{
    public void Configure(EntityTypeBuilder<StoreLoad> builder)
    {
        builder.Property(l => l.Origin).HasMaxLength(NodeColumns.Origin);
    }
}

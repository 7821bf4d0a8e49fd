using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SocialEconomy.Graph.Store;

// Used only by "dotnet ef migrations add" to build each provider's model; the connection is never opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGraphDbContext>
{
    public SqliteGraphDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGraphDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGraphDbContext>
{
    public PostgresGraphDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGraphDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}

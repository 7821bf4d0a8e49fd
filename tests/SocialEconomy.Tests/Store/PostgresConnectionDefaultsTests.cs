using Npgsql;
using SocialEconomy.Graph.Store;

namespace SocialEconomy.Tests.Store;

/// <summary>What a PostgreSQL connection string gets unless it says otherwise, and that what it says wins.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void ABareConnectionString_PreparesRepeatedStatements_AndSkipsTheResetOnClose()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Database=graph;Username=graph"));

        Assert.Equal(64, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal("db", applied.Host);
        Assert.Equal("graph", applied.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false", 0, 5, false)]
    [InlineData("Host=db;MaxAutoPrepare=10;Auto Prepare Min Usages=7", 10, 7, true)]
    [InlineData("Host=db;noresetonclose=false", 64, 2, false)]
    public void WhatTheConnectionStringSetsItself_IsKept(string given, int maxAutoPrepare, int minUsages, bool noResetOnClose)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(given));

        Assert.Equal(maxAutoPrepare, applied.MaxAutoPrepare);
        Assert.Equal(minUsages, applied.AutoPrepareMinUsages);
        Assert.Equal(noResetOnClose, applied.NoResetOnClose);
    }
}

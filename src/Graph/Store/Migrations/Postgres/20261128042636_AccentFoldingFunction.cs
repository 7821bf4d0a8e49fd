using Microsoft.EntityFrameworkCore.Migrations;
using SocialEconomy.Graph.Store;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>graph_fold(text) for case- and accent-insensitive text filters; SQLite gets it per connection instead.</summary>
    public partial class AccentFoldingFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextFolding.PostgresDefinition());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {TextFolding.SqlFunction}(text);");
        }
    }
}

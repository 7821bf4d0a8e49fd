using Microsoft.EntityFrameworkCore.Migrations;
using SocialEconomy.Graph.Store;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>
    /// graph_fold(text) sends all-ASCII text straight to lower() instead of through the accent table. It gives the
    /// same answer for every text, so going down keeps the faster definition.
    /// </summary>
    public partial class FoldAsciiFastPath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TextFolding.PostgresDefinition());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}

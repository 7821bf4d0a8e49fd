using Microsoft.EntityFrameworkCore.Migrations;
using SocialEconomy.Graph.Store;

#nullable disable

namespace SocialEconomy.Graph.Store.Migrations.Postgres
{
    /// <summary>
    /// graph_fold(text) lowers all-ASCII text in collation C. It gives the same answer for every text, so going
    /// down keeps the faster definition.
    /// </summary>
    public partial class FoldAsciiInCollationC : Migration
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

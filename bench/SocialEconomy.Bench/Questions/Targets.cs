using System.Data.Common;

namespace SocialEconomy.Bench.Questions;

/// <summary>
/// What the questions ask about, picked from the loaded graph the same way at every run: typical records (the
/// middle one by key), not hubs, so that a page or a neighbourhood is what most requests would see.
/// </summary>
/// <param name="Area">The challenge area named in the headline question: the one with the most evidence about it.</param>
/// <param name="Organisation">The organisation of the profile page and the centre of the neighbourhood.</param>
/// <param name="PathTo">A node two hops from <paramref name="Organisation"/>, the end of the path question.</param>
/// <param name="Model">The model that comparable models are compared with.</param>
/// <param name="SearchWords">Words of the search: the place of <paramref name="Organisation"/>.</param>
/// <param name="MapArea">The area of the evidence map: a first-level area whose subtree is near ten areas.</param>
public sealed record Targets(
    string Area, string AreaName, string Organisation, string PathTo, string PathToKind, string Model, string SearchWords, string MapArea)
{
    public static Targets Pick(DbConnection connection)
    {
        var (area, areaName) = Row2(connection, """
            SELECT a."Id", a."Name" FROM "ChallengeAreas" a JOIN "Relationships" r ON r."ToId" = a."Id" AND r."Type" = 'EvidenceIn'
            GROUP BY a."Id", a."Name" ORDER BY COUNT(*) DESC, a."Id" LIMIT 1
            """);
        var organisation = Middle(connection, "Organisations");
        var model = Middle(connection, "Models");
        var place = Scalar(connection, $"""SELECT "Place" FROM "Organisations" WHERE "Id" = '{organisation}'""") ?? "synthetic";
        var words = string.Join(' ', place.Split(' ').Skip(1)).ToLowerInvariant();

        // Two hops along partnerships if there are any, else any node two hops away.
        var (pathTo, pathToKind) = Row2(connection, $"""
            SELECT b."ToId", b."ToKind" FROM "Relationships" a JOIN "Relationships" b ON b."FromId" = a."ToId" AND b."Type" = 'PartnersWith'
            WHERE a."FromId" = '{organisation}' AND a."Type" = 'PartnersWith' AND b."ToId" <> '{organisation}'
            ORDER BY b."ToId" LIMIT 1
            """, allowEmpty: true);
        if (pathTo.Length == 0)
        {
            (pathTo, pathToKind) = Row2(connection, $"""
                SELECT b."ToId", b."ToKind" FROM "Relationships" a JOIN "Relationships" b ON b."FromId" = a."ToId"
                WHERE a."FromId" = '{organisation}' AND b."ToId" <> '{organisation}' ORDER BY b."ToId" LIMIT 1
                """);
        }

        var areas = new List<(string Id, string Path, int Depth)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "Id", "Path", "Depth" FROM "ChallengeAreas" """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                areas.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        var paths = areas.Select(a => a.Path).Order(StringComparer.Ordinal).ToArray();
        var mapArea = areas.Where(a => a.Depth is 1 or 2)
            .Select(a => (a.Id, Size: SubtreeSize(paths, a.Path)))
            .OrderBy(a => Math.Abs(a.Size - 10)).ThenBy(a => a.Id, StringComparer.Ordinal)
            .First().Id;
        return new Targets(area, areaName, organisation, pathTo, pathToKind, model, words, mapArea);
    }

    private static int SubtreeSize(string[] sortedPaths, string path)
    {
        var start = Array.BinarySearch(sortedPaths, path, StringComparer.Ordinal);
        var count = 0;
        for (var i = start; i < sortedPaths.Length && sortedPaths[i].StartsWith(path, StringComparison.Ordinal); i++)
        {
            count++;
        }

        return count;
    }

    private static string Middle(DbConnection connection, string table)
    {
        var count = long.Parse(Scalar(connection, $"""SELECT COUNT(*) FROM "{table}" """)!, System.Globalization.CultureInfo.InvariantCulture);
        return Scalar(connection, $"""SELECT "Id" FROM "{table}" ORDER BY "Id" LIMIT 1 OFFSET {count / 2}""")!;
    }

    private static string? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (string, string) Row2(DbConnection connection, string sql, bool allowEmpty = false)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return allowEmpty ? ("", "") : throw new InvalidOperationException($"The store gave no row for: {sql}");
        }

        return (reader.GetString(0), reader.GetString(1));
    }
}

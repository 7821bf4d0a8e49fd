using SocialEconomy.Graph.Crosswalks;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Reads the projects' outcome metrics onto the graph's own outcomes: the 'indigo-metrics-to-outcomes' crosswalk maps
/// each metric's definition to the curated outcomes it states, and the model TARGETS each of them. A metric no rule
/// maps makes no outcome of its own; it is counted as unmapped in the import report.
/// </summary>
internal static class OutcomeMetricReader
{
    /// <summary>The crosswalk (seed-data/crosswalks) from a metric's definition to the graph's outcomes.</summary>
    public const string OutcomesCrosswalk = "indigo-metrics-to-outcomes";

    private const string ReadValueSeparator = " | ";

    public static IndigoOutcomeMetrics Read(IndigoImportState state, IndigoProjects projects, IndigoCitations citations)
    {
        const string definition = "Outcome Definition - (Value)";
        const string projectName = "Impact Bond Name - (Value)";
        var metrics = new IndigoOutcomeMetrics();
        var crosswalk = state.Options.Crosswalks?.Find(OutcomesCrosswalk);
        var crosswalkSources = state.CrosswalkSources(OutcomesCrosswalk);
        var table = state.Open(OutcomeMetricsFile, ProjectId, "Id", definition, RowSources);
        var firstLines = new Dictionary<(string, string), long>();
        var links = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!projects.TryGet(row, out var project))
            {
                continue;
            }

            var metricId = row["Id"];
            if (metricId.Length == 0 || Slug(metricId).Length == 0)
            {
                state.Errors.Add(row.Error("Id", $"is empty; every outcome metric of {project.Id} needs an id (outcomemetric1, ...)."));
                continue;
            }

            if (!firstLines.TryAdd((project.Id, metricId), row.Line))
            {
                state.Errors.Add(row.Error("Id", $"'{metricId}' repeats the outcome metric of {project.Id} on line {firstLines[(project.Id, metricId)]}; metric ids must be unique within a project."));
                continue;
            }

            metrics.IdsInFile.Add((project.Id, metricId));
            var text = row[definition];
            if (string.IsNullOrWhiteSpace(text))
            {
                state.Errors.Add(row.Error(definition, $"is empty; outcome metric {metricId} of {project.Id} needs a definition to say what it measures."));
                continue;
            }

            var outcomes = new List<CrosswalkMatch>();
            metrics.Outcomes[(project.Id, metricId)] = outcomes;
            if (crosswalk is null)
            {
                continue;
            }

            var result = crosswalk.Map(new Dictionary<string, string?>(StringComparer.Ordinal) { ["metric"] = text, ["projectName"] = project.Row[projectName] });
            state.Crosswalked.Record(crosswalk, result, Truncate(OneLine(text), 150));
            var sources = citations.RowSourceIds(row, project.Id).Concat(crosswalkSources).ToList();
            foreach (var link in result.Links)
            {
                outcomes.Add(link);
                var relationship = new Relationship
                {
                    Key = "", Type = RelationshipType.Targets, FromKind = NodeKind.Model, FromId = project.ModelId, ToKind = NodeKind.Outcome, ToId = link.Target,
                };
                AddDerived(state, relationship, link, sources);
                links++;
            }
        }

        state.Progress(OutcomeMetricsFile, table is null ? "not read" : $"{table.Rows.Count} outcome metrics; {metrics.Outcomes.Count} read, {links} links to the graph's outcomes");
        return metrics;
    }

    /// <summary>
    /// Adds a relationship to a curated outcome that <paramref name="link"/> derived. Several metrics mapping to the
    /// same outcome (of one project, or one evaluation's findings) are one relationship: the first metric's rule is
    /// kept, and the values read are joined.
    /// </summary>
    public static string AddDerived(IndigoImportState state, Relationship relationship, CrosswalkMatch link, IEnumerable<string> sources)
    {
        relationship.Rule = link.Rule;
        relationship.ReadValue = Truncate(link.ReadValue, MaxText);
        var key = state.AddRelationship(relationship, sources);
        var kept = state.Relationships[key];
        if (!ReferenceEquals(kept, relationship) && kept.ReadValue is { } read && read.Length < MaxText
            && !read.Split(ReadValueSeparator).Contains(link.ReadValue, StringComparer.Ordinal))
        {
            kept.ReadValue = Truncate(read + ReadValueSeparator + link.ReadValue, MaxText);
        }

        return key;
    }
}

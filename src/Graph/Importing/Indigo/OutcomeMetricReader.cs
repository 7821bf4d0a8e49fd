using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>Reads the projects' outcome metrics into outcomes the models target, in the projects' and the metrics' policy sectors.</summary>
internal static class OutcomeMetricReader
{
    public static IndigoOutcomeMetrics Read(IndigoImportState state, IndigoProjects projects, IndigoCitations citations)
    {
        const string definition = "Outcome Definition - (Value)";
        const string sector = "Policy sector - (Value)";
        var metrics = new IndigoOutcomeMetrics();
        var table = state.Open(OutcomeMetricsFile, ProjectId, "Id", definition, sector, RowSources);
        var firstLines = new Dictionary<(string, string), long>();
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
            var name = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            if (name.Length == 0)
            {
                state.Errors.Add(row.Error(definition, $"is empty; outcome metric {metricId} of {project.Id} needs a definition to name it."));
                continue;
            }

            var id = Id("indigo-outcome", LocalId(project.Id), Slug(metricId));
            state.Outcomes[id] = new Outcome
            {
                Id = id, Origin = GraphOrigins.Indigo, Name = Truncate(name.Replace('\u00a0', ' '), MaxName),
                Description = text.Length > name.Length ? Truncate(text, MaxText) : null,
            };
            metrics.OutcomeIds[(project.Id, metricId)] = id;
            var sources = citations.RowSourceIds(row, project.Id);
            state.AddNodeSources(id, sources);
            state.AddRelationship(new Relationship
            {
                Key = "", Type = RelationshipType.Targets, FromKind = NodeKind.Model, FromId = project.ModelId, ToKind = NodeKind.Outcome, ToId = id,
            }, sources);

            // The outcome is in the project's sectors, and in the metric's own sector where INDIGO gives one.
            var areas = project.AreaIds.Concat(SplitIds(row[sector]).Where(s => Slug(s).Length > 0).Select(state.AreaFor)).Distinct(StringComparer.Ordinal);
            foreach (var areaId in areas)
            {
                state.AddNodeSources(areaId, [IndigoImporter.DatasetSourceId]);
                state.AddRelationship(new Relationship
                {
                    Key = "", Type = RelationshipType.OutcomeIn, FromKind = NodeKind.Outcome, FromId = id, ToKind = NodeKind.ChallengeArea, ToId = areaId,
                }, sources);
            }
        }

        state.Progress(OutcomeMetricsFile, table is null ? "not read" : $"{table.Rows.Count} outcome metrics; {state.Outcomes.Count} imported");
        return metrics;
    }
}

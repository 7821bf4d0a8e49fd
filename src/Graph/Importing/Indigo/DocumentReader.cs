using SocialEconomy.Graph.Loading;
using SocialEconomy.Graph.Nodes;
using SocialEconomy.Graph.Provenance;
using SocialEconomy.Graph.Relationships;
using static SocialEconomy.Graph.Importing.Indigo.IndigoExport;
using static SocialEconomy.Graph.Importing.Indigo.IndigoValues;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>
/// Reads the projects' documents and results: evaluations, reports and case studies become unappraised
/// evidence of the models, and a result that names its evaluation document and outcome metric a finding
/// (REPORTS) of that evidence about each of the graph's outcomes the metric maps to. A result whose metric maps
/// to none is left out, and counted in the progress line.
/// </summary>
internal static class DocumentReader
{

    public static void Read(IndigoImportState state, IndigoProjects projects, IndigoOutcomeMetrics metrics, IndigoCitations citations)
    {
        ReadDocuments(state, projects, citations);
        ReadResults(state, projects, metrics, citations);
    }

    private static void ReadDocuments(IndigoImportState state, IndigoProjects projects, IndigoCitations citations)
    {
        const string title = "Title - (Value)";
        const string url = "URL - (Value)";
        var table = state.Open(DocumentsFile, ProjectId, title, url);
        var count = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!projects.TryGet(row, out var project))
            {
                continue;
            }

            if (row[url].Length == 0 || row[title].Length == 0)
            {
                state.Errors.Add(row.Error(row[url].Length == 0 ? url : title, $"is empty; a document of {project.Id} needs a title and a URL."));
                continue;
            }

            // Titles may be wrapped over lines in the spreadsheet cell.
            var documentTitle = string.Join(" ", row[title].Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            projects.SourcesByUrl.TryGetValue((project.Id, row[url]), out var sourceRow);
            if (IndigoDocuments.DesignOf(documentTitle, sourceRow?["Type - (Value)"]) is not { } design)
            {
                continue;
            }

            var sources = new List<string>();
            if (sourceRow is not null)
            {
                sources.Add(citations.UseProjectSource(project.Id, sourceRow));
            }

            AddEvidence(state, citations, project, row[url], documentTitle, design, sourceRow, sources);
            count++;
        }

        state.Progress(DocumentsFile, table is null ? "not read" : $"{table.Rows.Count} documents; {count} evaluations, reports and case studies imported as evidence");
    }

    private static void ReadResults(IndigoImportState state, IndigoProjects projects, IndigoOutcomeMetrics metrics, IndigoCitations citations)
    {
        const string metric = "Outcome Metric Id - (Value)";
        const string documents = "Evaluation Documents - (Value)";
        const string resultType = "Result type - (Value)";
        const string start = "Period - Start - (Value)";
        const string end = "Period - End - (Value)";
        const string achieved = "Outcomes achieved - (Value)";
        const string engaged = "Number engaged In impact bond - (Value)";
        const string positive = "Number with Positive social outcomes - (Value)";
        var table = state.Open(ResultsFile, ProjectId, metric, documents, resultType, start, end, achieved, engaged, positive, RowSources);
        var count = 0;
        var unmapped = 0;
        foreach (var row in table?.Rows ?? [])
        {
            if (!projects.TryGet(row, out var project))
            {
                continue;
            }

            // A result becomes a finding only when INDIGO names the document it comes from and the outcome it is about.
            if (row[documents].Length == 0 || row[metric].Length == 0)
            {
                continue;
            }

            if (!metrics.Outcomes.TryGetValue((project.Id, row[metric]), out var outcomes))
            {
                if (!metrics.IdsInFile.Contains((project.Id, row[metric])))
                {
                    state.Errors.Add(row.Error(metric, $"'{row[metric]}' is not an outcome metric of {project.Id} in {OutcomeMetricsFile}."));
                }

                continue;
            }

            // The metric is read but no crosswalk rule maps it onto the graph's outcomes: the finding has no outcome to be about.
            if (outcomes.Count == 0)
            {
                unmapped++;
                continue;
            }

            var problems = new List<ImportError>();
            var documentRows = new List<CsvRow>();
            foreach (var sourceId in SplitIds(row[documents]))
            {
                if (projects.Sources.TryGetValue((project.Id, sourceId), out var sourceRow))
                {
                    documentRows.Add(sourceRow);
                }
                else if (!projects.SourceIdsInFile.Contains((project.Id, sourceId)))
                {
                    problems.Add(row.Error(documents, $"source '{sourceId}' is not in {ProjectSourcesFile} for {project.Id}."));
                }
            }

            if (problems.Count > 0)
            {
                state.Errors.AddRange(problems);
                continue;
            }

            var note = ResultNote(row[resultType], row[start], row[end], row[achieved], row[engaged], row[positive]);
            foreach (var sourceRow in documentRows)
            {
                var documentUrl = UrlOrNull(sourceRow["URL - (Value)"]) ?? UrlOrNull(sourceRow["Archive URL - (Value)"]);
                if (documentUrl is null)
                {
                    // Evidence needs a URL; a document INDIGO names only in words has nothing to hang the result on.
                    continue;
                }

                var sourceNodeId = citations.UseProjectSource(project.Id, sourceRow);
                var title = Optional(sourceRow["Name - (Value)"]) ?? documentUrl;
                var design = IndigoDocuments.DesignOfEvaluationDocument(title, sourceRow["Type - (Value)"]);
                var evidence = AddEvidence(state, citations, project, documentUrl, title, design, sourceRow, [sourceNodeId]);
                var sources = citations.RowSourceIds(row, project.Id);
                sources.Add(sourceNodeId);
                foreach (var outcome in outcomes)
                {
                    var key = OutcomeMetricReader.AddDerived(state, new Relationship
                    {
                        Key = "", Type = RelationshipType.Reports, FromKind = NodeKind.Evidence, FromId = evidence.Id, ToKind = NodeKind.Outcome, ToId = outcome.Target,
                    }, outcome, sources.Concat(state.CrosswalkSources(OutcomeMetricReader.OutcomesCrosswalk)));
                    if (note is not null)
                    {
                        state.AddNote(key, note);
                    }
                }

                count++;
            }
        }

        state.Progress(ResultsFile, table is null ? "not read" : $"{table.Rows.Count} results; {count} reported by an evaluation document; {unmapped} left out, their outcome metric mapping to none of the graph's outcomes");
    }

    /// <summary>What INDIGO says a result was, in words: the effect's direction is not stated, so none is claimed.</summary>
    private static string? ResultNote(string type, string start, string end, string achieved, string engaged, string positive)
    {
        var parts = new List<string>();
        var period = (start, end) switch
        {
            ("", "") => "",
            (_, "") => $" from {start}",
            ("", _) => $" to {end}",
            _ => $" {start} to {end}",
        };
        parts.Add($"{(type.Length == 0 ? "result" : type + " result")}{period}");
        if (achieved.Length > 0)
        {
            parts.Add($"outcomes achieved: {Truncate(achieved, 1000)}");
        }

        if (engaged.Length > 0)
        {
            parts.Add($"engaged: {engaged}");
        }

        if (positive.Length > 0)
        {
            parts.Add($"with positive outcomes: {positive}");
        }

        return parts.Count == 1 ? null : string.Join("; ", parts);
    }

    private static EvidenceItem AddEvidence(
        IndigoImportState state, IndigoCitations citations, ProjectRecord project, string url, string title, StudyDesign design, CsvRow? sourceRow, List<string> sources)
    {
        if (!state.EvidenceByUrl.TryGetValue(url, out var evidence))
        {
            var slug = Slug(title);
            var budget = MaxId - "indigo-evidence-".Length - 9;
            evidence = new EvidenceItem
            {
                Id = Id("indigo-evidence", slug.Length <= budget ? slug : slug[..budget].TrimEnd('-'), Fingerprint(url)),
                // Listed, not appraised: no strength rating until a curated record of the same publication gives one.
                Origin = GraphOrigins.Indigo, Title = Truncate(title, MaxName), Url = url, Design = design, Rating = null,
            };
            state.EvidenceByUrl[url] = evidence;
        }

        // The same document listed for several projects (a programme-wide evaluation) is one evidence item.
        if (sourceRow is not null)
        {
            evidence.Publisher ??= citations.PublisherOf(sourceRow["Publishing Organisations - (Value)"]);
            evidence.Year ??= YearOf(sourceRow["Publication Date - (Value)"]);
        }

        state.AddNodeSources(evidence.Id, sources.Prepend(IndigoImporter.DatasetSourceId));
        state.AddRelationship(new Relationship
        {
            Key = "", Type = RelationshipType.Evaluates, FromKind = NodeKind.Evidence, FromId = evidence.Id, ToKind = NodeKind.Model, ToId = project.ModelId,
        }, sources);
        // The evidence is in the areas its project was linked to, by the same crosswalk rule.
        foreach (var area in project.Areas)
        {
            state.AddRelationship(new Relationship
            {
                Key = "", Type = RelationshipType.EvidenceIn, FromKind = NodeKind.Evidence, FromId = evidence.Id, ToKind = NodeKind.ChallengeArea, ToId = area.Target,
                Rule = area.Rule, ReadValue = area.ReadValue,
            }, sources.Concat(state.CrosswalkSources(ProjectReader.AreasCrosswalk)));
        }

        return evidence;
    }
}

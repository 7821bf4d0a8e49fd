using SocialEconomy.Graph.Crosswalks;

namespace SocialEconomy.Graph.Importing.Indigo;

/// <summary>The outcome metrics of the imported projects, as <see cref="OutcomeMetricReader"/> read them: what the results refer to.</summary>
internal sealed class IndigoOutcomeMetrics
{
    /// <summary>Metric ids seen in the file for imported projects, valid or not: a result citing one of these is not "unknown".</summary>
    public HashSet<(string Project, string Metric)> IdsInFile { get; } = [];

    /// <summary>The crosswalk's links from each imported metric to the graph's outcomes; empty when it maps to none.</summary>
    public Dictionary<(string Project, string Metric), List<CrosswalkMatch>> Outcomes { get; } = [];
}

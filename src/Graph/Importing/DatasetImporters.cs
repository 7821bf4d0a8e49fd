using SocialEconomy.Graph.Importing.CoopsUk;
using SocialEconomy.Graph.Importing.Indigo;

namespace SocialEconomy.Graph.Importing;

/// <summary>The open datasets the graph can import, by the name the ingest tool and the open-data manifest use.</summary>
public static class DatasetImporters
{
    public static IReadOnlyList<IDatasetImporter> All { get; } = [new IndigoImporter(), new CoopsUkImporter()];

    public static IDatasetImporter? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}

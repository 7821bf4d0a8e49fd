using System.Security.Cryptography;
using System.Text;
using GraphQL.PersistedDocuments;

namespace SocialEconomy.Api.TrustedDocuments;

/// <summary>A registered document: its file name (without .graphql), its id and its text.</summary>
public sealed record TrustedDocument(string Name, string DocumentId, string Query);

/// <summary>
/// The registered documents, read once at start from the configured folders. A document's id is
/// "sha256:" and the lower-case hex SHA-256 of the file's exact bytes, as clients compute it from the text they would send.
/// </summary>
public sealed class TrustedDocumentStore : IPersistedDocumentLoader
{
    private readonly Dictionary<string, TrustedDocument> _byHash = new(StringComparer.Ordinal);

    public TrustedDocumentStore(TrustedDocumentOptions options)
    {
        foreach (var directory in options.ResolveDirectories())
        {
            if (!Directory.Exists(directory))
            {
                throw new InvalidOperationException(
                    $"TrustedDocuments:Directories names '{directory}', which is not a folder; create it or remove it from the configuration.");
            }

            foreach (var file in Directory.GetFiles(directory, "*.graphql").Order(StringComparer.Ordinal))
            {
                var bytes = File.ReadAllBytes(file);
                var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                _byHash.TryAdd(hash, new TrustedDocument(Path.GetFileNameWithoutExtension(file), $"sha256:{hash}", Encoding.UTF8.GetString(bytes)));
            }
        }
    }

    public IReadOnlyCollection<TrustedDocument> Documents => _byHash.Values;

    /// <summary>The text registered under a documentId ("sha256:" and the hex hash), or null.</summary>
    public string? Find(string documentId) =>
        documentId.StartsWith("sha256:", StringComparison.Ordinal) && _byHash.TryGetValue(documentId["sha256:".Length..], out var document) ? document.Query : null;

    public ValueTask<string?> GetQueryAsync(string? documentIdPrefix, string documentIdPayload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(documentIdPrefix == "sha256" && _byHash.TryGetValue(documentIdPayload, out var document) ? document.Query : null);
}

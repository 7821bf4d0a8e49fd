namespace SocialEconomy.Graph.EvidenceMaps;

/// <summary>A map would have more cells than one request may draw; it is refused before any finding is read.</summary>
public sealed class EvidenceMapTooLargeException(string message) : Exception(message);

namespace SocialEconomy.Graph.Traversal;

/// <summary>A traversal would have read more of the graph than its budget allows; nothing partial is returned.</summary>
public sealed class TraversalTooLargeException(string message) : Exception(message);

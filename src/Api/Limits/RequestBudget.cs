using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace SocialEconomy.Api.Limits;

/// <summary>
/// What one request may still spend while it runs: the values of its answer, up to Limits:MaxCost (the cost
/// limit, enforced while running as well as priced before), and its time, up to Limits:ExecutionTimeoutSeconds
/// from when the request arrived, writing the answer included. Past either, <see cref="Stop"/> is cancelled, which
/// stops the running statement and everything after it, and the answer is the reason.
/// </summary>
public sealed class RequestBudget : IDisposable
{
    public const string UserContextKey = "socialEconomy.budget";

    private readonly CancellationTokenSource _stop;
    private readonly long _maxValues;
    private long _values;

    public RequestBudget(LimitsOptions limits, CancellationToken clientGone)
    {
        _maxValues = limits.MaxCost;
        MaxListSize = limits.MaxListSize;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        if (limits.ExecutionTimeoutSeconds > 0)
        {
            _stop.CancelAfter(TimeSpan.FromSeconds(limits.ExecutionTimeoutSeconds));
        }
    }

    /// <summary>Cancelled when the request is past its time or its values, or the client has gone.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Most items a plain list (not a connection) may return: Limits:MaxListSize.</summary>
    public int MaxListSize { get; }

    /// <summary>The values the answer holds so far.</summary>
    public long Values => Interlocked.Read(ref _values);

    /// <summary>Why the request was stopped before its time ran out: the answer would have passed the cost limit.</summary>
    public ExecutionError? Exceeded { get; private set; }

    public static RequestBudget? Of(ExecutionContext context) =>
        context.UserContext.TryGetValue(UserContextKey, out var budget) ? budget as RequestBudget : null;

    /// <summary>
    /// A list of <paramref name="items"/> about to be expanded, each with <paramref name="fieldsPerItem"/> fields:
    /// refused before any item is read when the answer would pass the limit with them.
    /// </summary>
    public void ExpectList(ExecutionNode list, long items, int fieldsPerItem)
    {
        if (Values + items * (1 + fieldsPerItem) > _maxValues)
        {
            Exceed($"The answer would hold more than {_maxValues:N0} values (the cost limit) at '{PathOf(list)}': that list has {items:N0} items"
                + (fieldsPerItem > 0 ? $" of {fieldsPerItem} field{(fieldsPerItem == 1 ? "" : "s")} each. " : ". ")
                + "Ask for less at once: a page of it through its connection ('first', 'after'), fewer fields in it, or a narrower question.");
        }

        Interlocked.Add(ref _values, items);
    }

    /// <summary>Fields of an object about to be resolved.</summary>
    public void Spend(ExecutionNode parent, int values)
    {
        if (Interlocked.Add(ref _values, values) > _maxValues)
        {
            Exceed($"The answer would hold more than {_maxValues:N0} values (the cost limit) at '{PathOf(parent)}'. "
                + "Ask for less at once: smaller pages ('first'), fewer nested lists or fewer fields.");
        }
    }

    /// <summary>The node's place in the answer, without list indices: 'evidenceMap.cells.outcome'.</summary>
    private static string PathOf(ExecutionNode node) => string.Join('.', node.ResponsePath.Where(p => p is string));

    private void Exceed(string message)
    {
        Exceeded ??= new ExecutionError(message) { Code = QueryCost.CostExceeded };
        _stop.Cancel();
        _stop.Token.ThrowIfCancellationRequested();
    }

    public void Dispose() => _stop.Dispose();
}

using GraphQL;

namespace SocialEconomy.Api.Endpoint;

/// <summary>
/// One error per fault: a field that fails the same way under every parent row (a bad cursor on a nested
/// connection, a list too long under each of 200 models) is reported once, at its first path, not once per row.
/// </summary>
public static class FieldErrors
{
    public static void KeepOnePerFault(ExecutionResult result)
    {
        if (result.Errors is not { Count: > 1 } errors)
        {
            return;
        }

        var seen = new HashSet<(string?, string, string)>();
        var kept = new ExecutionErrors();
        foreach (var error in errors)
        {
            // The path without its list indices: the same field under different rows is the same fault.
            var field = error.Path is null ? "" : string.Join('.', error.Path.Where(p => p is not int));
            if (seen.Add((error.Code, error.Message, field)))
            {
                kept.Add(error);
            }
        }

        if (kept.Count < errors.Count)
        {
            result.Errors = kept;
        }
    }
}

using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using SocialEconomy.Bench.Stores;

namespace SocialEconomy.Bench.Questions;

/// <summary>The two ways of asking: a GraphQL request over HTTP, and the direct SQL over ADO.NET.</summary>
public sealed class Clients(HttpClient http, BenchStore store)
{
    public const string ResponseType = "application/graphql-response+json";

    public HttpClient Http => http;

    /// <summary>POSTs a document and reads the whole response, as a client does.</summary>
    public async Task<byte[]> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        var (status, bytes) = await AskAsync(body, cancellationToken);
        if ((int)status is < 200 or > 299)
        {
            throw new InvalidOperationException($"The API answered {(int)status}: {Encoding.UTF8.GetString(bytes)}");
        }

        return bytes;
    }

    /// <summary>POSTs a document and reads the whole response, whatever its status.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> AskAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ResponseType));
        using var response = await http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public static byte[] Body(string document) => JsonSerializer.SerializeToUtf8Bytes(new { query = document });

    /// <summary>The response's data, failing with the API's own message when it has errors.</summary>
    public async Task<JsonNode> DataAsync(string document, CancellationToken cancellationToken)
    {
        var response = JsonNode.Parse(await PostAsync(Body(document), cancellationToken))!;
        if (response["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"The API answered with errors: {errors.ToJsonString()}");
        }

        return response["data"]!;
    }

    /// <summary>Runs the SQL on a pooled connection and reads every value of every row, as a data layer would.</summary>
    public async Task<List<object?[]>> QueryAsync(Question question, CancellationToken cancellationToken)
    {
        await using var connection = store.OpenConnection();
        if (question.Preparation is not null)
        {
            RegisterFunctions(connection);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = question.Sql;
        if (connection is NpgsqlConnection)
        {
            // The token (the run's --sql-timeout-seconds) decides when to stop, not Npgsql's 30 s default.
            command.CommandTimeout = 0;
        }

        foreach (var (name, value) in question.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        using var interrupt = InterruptOnCancel(connection, cancellationToken);
        var rows = new List<object?[]>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = row[i] is DBNull ? null : row[i];
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs the question's preparation, if it has one, on a connection of its own; see <see cref="PrepareAsync(DbConnection, Question, CancellationToken)"/>.</summary>
    public async Task PrepareAsync(Question question, CancellationToken cancellationToken)
    {
        await using var connection = store.OpenConnection();
        await PrepareAsync(connection, question, cancellationToken);
    }

    /// <summary>
    /// The question's preparation statements, in order on <paramref name="connection"/>, stopped when the token is
    /// cancelled; the connection is then ready to be asked the question's SQL.
    /// </summary>
    public static async Task PrepareAsync(DbConnection connection, Question question, CancellationToken cancellationToken)
    {
        RegisterFunctions(connection);
        using var interrupt = InterruptOnCancel(connection, cancellationToken);
        foreach (var statement in question.Preparation ?? [])
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The functions that tables a preparation builds are made and read with, where the store has none of its own (<see cref="FunderSets"/>).</summary>
    private static void RegisterFunctions(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            FunderSets.Register(sqlite);
        }
    }

    /// <summary>
    /// Microsoft.Data.Sqlite does not stop a running statement when the token is cancelled; sqlite3_interrupt does.
    /// The connection is the caller's alone, so the interrupt cannot reach another statement.
    /// </summary>
    private static CancellationTokenRegistration InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite ? cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(sqlite.Handle)) : default;
}

using System.Data.Common;

namespace Palisade.Server.Storage;

/// <summary>Parameterised statements on an open connection (and, when given, its transaction); values never go into the SQL text.</summary>
internal static class Sql
{
    public static Task<int> ExecuteAsync(DbConnection connection, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ExecuteAsync(connection, null, text, cancellationToken, parameters);

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Many statements in one round trip where the driver batches (PostgreSQL), one after another otherwise (SQLite, in-process anyway).</summary>
    public static async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(string Text, (string Name, object? Value)[] Parameters)> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }
        if (!connection.CanCreateBatch)
        {
            foreach (var (text, parameters) in statements)
            {
                await ExecuteAsync(connection, transaction, text, cancellationToken, parameters).ConfigureAwait(false);
            }
            return;
        }
        foreach (var chunk in statements.Chunk(1000))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (text, parameters) in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = text;
                Bind(command.Parameters, command.CreateParameter, parameters);
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static Task<List<T>> QueryAsync<T>(DbConnection connection, string text, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        QueryAsync(connection, null, text, read, cancellationToken, parameters);

    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string text, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, text, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static async Task<T?> ScalarAsync<T>(DbConnection connection, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, text, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        Bind(command.Parameters, command.CreateParameter, parameters);
        return command;
    }

    private static void Bind(DbParameterCollection collection, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            collection.Add(parameter);
        }
    }
}

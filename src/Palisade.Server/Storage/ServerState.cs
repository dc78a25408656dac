namespace Palisade.Server.Storage;

/// <summary>Small named values the server keeps between runs (the advisory database version last matched).</summary>
public sealed class ServerState(ServerDatabase database)
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await Sql.QueryAsync(connection, "SELECT value FROM server_state WHERE key = @key", r => r.GetString(0), cancellationToken, ("@key", key)).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, "INSERT INTO server_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            cancellationToken, ("@key", key), ("@value", value)).ConfigureAwait(false);
    }
}

namespace Palisade.Vulnerabilities.Store;

/// <summary>
/// The database layout, modelled on OSV: advisories keyed by (id, source), affected packages with their ranges and
/// explicit versions as JSON, severities per source side by side, and EPSS and CISA KEV as tables of their own.
/// </summary>
internal static class Schema
{
    public const int Version = 1;

    public const string Create = """
        PRAGMA journal_mode = DELETE;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sources (
            name TEXT PRIMARY KEY, origin TEXT NOT NULL, imported_at TEXT NOT NULL,
            records INTEGER NOT NULL, skipped INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS vulnerabilities (
            id TEXT NOT NULL, source TEXT NOT NULL, summary TEXT, published TEXT, modified TEXT, withdrawn TEXT,
            PRIMARY KEY (id, source));
        CREATE TABLE IF NOT EXISTS aliases (
            vuln_id TEXT NOT NULL, source TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (vuln_id, source, alias));
        CREATE INDEX IF NOT EXISTS aliases_alias ON aliases (alias);
        CREATE TABLE IF NOT EXISTS affected (
            vuln_id TEXT NOT NULL, source TEXT NOT NULL, ecosystem TEXT NOT NULL, package TEXT NOT NULL,
            status TEXT NOT NULL, ranges TEXT, versions TEXT, rating TEXT);
        CREATE INDEX IF NOT EXISTS affected_package ON affected (ecosystem, package);
        CREATE INDEX IF NOT EXISTS affected_vuln ON affected (vuln_id, source);
        CREATE TABLE IF NOT EXISTS severities (
            vuln_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, rating TEXT);
        CREATE INDEX IF NOT EXISTS severities_vuln ON severities (vuln_id);
        CREATE TABLE IF NOT EXISTS kev (
            cve TEXT PRIMARY KEY, vendor TEXT, product TEXT, name TEXT, date_added TEXT, due_date TEXT,
            known_ransomware TEXT);
        CREATE TABLE IF NOT EXISTS epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL, date TEXT);
        """;
}

using Palisade.Core.Files;
namespace Palisade.Nodes.Host;

/// <summary>User and group names of the audited host, from its own /etc/passwd and /etc/group.</summary>
public sealed class Accounts
{
    private readonly Dictionary<uint, string> _users;
    private readonly Dictionary<uint, string> _groups;

    private Accounts(Dictionary<uint, string> users, Dictionary<uint, string> groups)
    {
        _users = users;
        _groups = groups;
    }

    public static Accounts Read(ContainedRoot root) => new(Parse(root, "/etc/passwd"), Parse(root, "/etc/group"));

    public string User(uint uid) => _users.TryGetValue(uid, out var name) ? name : uid == 0 ? "root" : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Group(uint gid) => _groups.TryGetValue(gid, out var name) ? name : gid == 0 ? "root" : gid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<uint, string> Parse(ContainedRoot root, string hostPath)
    {
        var names = new Dictionary<uint, string>();
        try
        {
            var path = root.Resolve(hostPath);
            if (!File.Exists(path) || new FileInfo(path).Length > 4 * 1024 * 1024)
            {
                return names;
            }
            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], out var id))
                {
                    names.TryAdd(id, fields[0]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without names, numeric ids are compared; the owner check then explains what it saw.
        }
        return names;
    }
}

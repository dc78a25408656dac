using System.Collections.Frozen;

namespace Palisade.Core.Findings;

/// <summary>
/// The ATT&amp;CK for Containers techniques findings may map to (design/mitre-attack-containers.md);
/// a test keeps this table equal to that document.
/// </summary>
public static class AttackCatalog
{
    public static FrozenDictionary<string, string> Techniques { get; } = new Dictionary<string, string>
    {
        ["T1190"] = "Exploit Public-Facing Application",
        ["T1133"] = "External Remote Services",
        ["T1078"] = "Valid Accounts",
        ["T1078.001"] = "Valid Accounts: Default Accounts",
        ["T1078.003"] = "Valid Accounts: Local Accounts",
        ["T1609"] = "Container Administration Command",
        ["T1610"] = "Deploy Container",
        ["T1053.007"] = "Scheduled Task/Job: Container Orchestration Job",
        ["T1204.003"] = "User Execution: Malicious Image",
        ["T1098.006"] = "Account Manipulation: Additional Container Cluster Roles",
        ["T1136.001"] = "Create Account: Local Account",
        ["T1543.005"] = "Create or Modify System Process: Container Service",
        ["T1525"] = "Implant Internal Image",
        ["T1611"] = "Escape to Host",
        ["T1068"] = "Exploitation for Privilege Escalation",
        ["T1612"] = "Build Image on Host",
        ["T1562.001"] = "Impair Defenses: Disable or Modify Tools",
        ["T1070"] = "Indicator Removal",
        ["T1036.005"] = "Masquerading: Match Legitimate Resource Name or Location",
        ["T1550.001"] = "Use Alternate Authentication Material: Application Access Token",
        ["T1110"] = "Brute Force",
        ["T1528"] = "Steal Application Access Token",
        ["T1552.001"] = "Unsecured Credentials: Credentials In Files",
        ["T1552.007"] = "Unsecured Credentials: Container API",
        ["T1613"] = "Container and Resource Discovery",
        ["T1046"] = "Network Service Discovery",
        ["T1069"] = "Permission Groups Discovery",
        ["T1485"] = "Data Destruction",
        ["T1490"] = "Inhibit System Recovery",
        ["T1496"] = "Resource Hijacking",
        ["T1498"] = "Network Denial of Service",
        ["T1499"] = "Endpoint Denial of Service",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

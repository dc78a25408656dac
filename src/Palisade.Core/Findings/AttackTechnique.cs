namespace Palisade.Core.Findings;

/// <summary>A MITRE ATT&amp;CK for Containers technique id, valid only when it is in <see cref="AttackCatalog"/>.</summary>
public readonly record struct AttackTechnique
{
    public string Id { get; }

    private AttackTechnique(string id) => Id = id;

    public string Name => AttackCatalog.Techniques[Id];

    public static AttackTechnique Parse(string id) =>
        AttackCatalog.Techniques.ContainsKey(id)
            ? new AttackTechnique(id)
            : throw new FormatException($"'{id}' is not a MITRE ATT&CK for Containers technique Palisade maps to");

    public override string ToString() => Id;
}

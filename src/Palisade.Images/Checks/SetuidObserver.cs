using Palisade.Core.Findings;
using Palisade.Images.Filesystem;

namespace Palisade.Images.Checks;

/// <summary>
/// Setuid and setgid files the image's own layers add (not those of its base image), which a process in the
/// container can use to gain the file owner's privileges. Reported as information: some are intended.
/// </summary>
public sealed class SetuidObserver(string imageReference) : ILayerObserver
{
    public static CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.setuid-binary"),
        Title = "Setuid or setgid file added by the image",
        Severity = Severity.Info,
        Description = "A file with the setuid or setgid bit runs with its owner's or group's privileges; an attacker in the container can use a flawed one to become root, which matters most when the container runs without no_new_privs.",
        Remediation = "Remove the bit in the Dockerfile (chmod u-s,g-s FILE) unless the program needs it, and run containers with allowPrivilegeEscalation: false.",
        Mitre = CheckInfo.Techniques("T1068"),
    };

    private readonly List<LayerFile> _files = [];

    public bool WantsContent(string path, long size, UnixFileMode mode) => false;

    public void Observe(LayerFile file)
    {
        if ((file.Mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0)
        {
            _files.Add(file);
        }
    }

    public IReadOnlyList<Finding> Findings(IFileTree finalTree, int baseLayers) =>
    [
        .. _files.Where(f => f.LayerIndex >= baseLayers && finalTree.StillShips(f)).Select(f =>
        {
            var bits = (f.Mode & UnixFileMode.SetUser) != 0 ? ((f.Mode & UnixFileMode.SetGroup) != 0 ? "setuid and setgid" : "setuid") : "setgid";
            return new Finding(Info, new Target(new SourceLocation("/" + f.Path, 0, 0), new ResourceRef("Image", null, imageReference)) { Layer = f.Layer },
                $"/{f.Path} is {bits} (layer {f.LayerIndex + 1})", Convert.ToString((int)f.Mode, 8)) { Status = FindingStatus.Info };
        }),
    ];
}

using System.Runtime.InteropServices;

namespace Palisade.Nodes.Host;

/// <summary>Mode bits and numeric owner of a file, read with statx(2) (its layout is the same on every architecture).</summary>
public sealed record FileStatus(string HostPath, int Mode, uint Uid, uint Gid, bool IsDirectory)
{
    public string Octal => Convert.ToString(Mode & 0xFFF, 8);
}

internal static partial class Statx
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint Blksize;
        public ulong Attributes;
        public uint Nlink;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        public ushort Spare0;
        public ulong Ino;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        // Timestamps and device numbers follow; the buffer is padded to the kernel's 256 bytes.
        public unsafe fixed byte Rest[256 - 64];
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Native(int dirfd, string path, int flags, uint mask, ref StatxBuffer buffer);

    /// <summary>Status of the file itself (a link is not followed: its target was resolved inside the root already).</summary>
    public static (int Mode, uint Uid, uint Gid)? Read(string path)
    {
        var buffer = default(StatxBuffer);
        if (Native(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref buffer) != 0)
        {
            return null;
        }
        return (buffer.Mode, buffer.Uid, buffer.Gid);
    }
}

using System.Runtime.InteropServices;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// A directory's identity on disk, device and inode, so that a directory reached twice (through a symbolic link, a
/// link cycle such as <c>ln -s . loop</c>, or a bind mount) is recognised whatever path led to it. Linux only: it asks
/// the kernel through <c>statx(2)</c>, whose result layout is the same on every architecture.
/// </summary>
/// <param name="Device">The device (major and minor number).</param>
/// <param name="Inode">The inode number.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;

    /// <summary>Whether <see cref="Of"/> works here (Linux).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>The identity of what <paramref name="path"/> names, following symbolic links; null when it cannot be read.</summary>
    public static FileIdentity? Of(string path)
    {
        if (!Supported || Statx(AtFdCwd, path, 0, StatxType | StatxIno, out var result) != 0)
        {
            return null;
        }

        return new FileIdentity(((ulong)result.DeviceMajor << 32) | result.DeviceMinor, result.Inode);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for one call
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxResult result);
#pragma warning restore SYSLIB1054

    // struct statx (linux/stat.h): 256 bytes, fixed offsets on every architecture.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxResult
    {
        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}

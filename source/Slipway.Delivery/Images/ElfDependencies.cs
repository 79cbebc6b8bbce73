using System.Buffers.Binary;
using System.Text;

namespace Slipway.Delivery.Images;

/// <summary>
/// What a 64-bit little-endian ELF file asks the dynamic loader for: its interpreter (PT_INTERP) and the libraries it
/// needs (DT_NEEDED), read from the file itself, as <c>ldd</c> would report them without running anything.
/// </summary>
internal sealed record ElfDependencies(string? Interpreter, IReadOnlyList<string> Needed)
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;

    /// <summary>Null when the file is not an ELF64 little-endian object.</summary>
    public static ElfDependencies? Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F' || bytes[4] != 2 || bytes[5] != 1)
        {
            return null;
        }

        var span = bytes.AsSpan();
        var programHeaders = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[54..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(span[56..]);
        string? interpreter = null;
        (long Offset, long Size)? dynamic = null;
        var loads = new List<(long VirtualAddress, long Offset, long Size)>();
        for (var index = 0; index < count; index++)
        {
            var header = span[(int)(programHeaders + (index * entrySize))..];
            var type = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            var virtualAddress = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
            var fileSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
            switch (type)
            {
                case PtInterp:
                    interpreter = Encoding.ASCII.GetString(span.Slice((int)offset, (int)fileSize)).TrimEnd('\0');
                    break;
                case PtDynamic:
                    dynamic = (offset, fileSize);
                    break;
                case PtLoad:
                    loads.Add((virtualAddress, offset, fileSize));
                    break;
            }
        }

        if (dynamic is not { } table)
        {
            return new ElfDependencies(interpreter, []);
        }

        var neededOffsets = new List<long>();
        long stringTable = 0;
        for (var position = table.Offset; position + 16 <= table.Offset + table.Size; position += 16)
        {
            var tag = BinaryPrimitives.ReadInt64LittleEndian(span[(int)position..]);
            var value = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(position + 8)..]);
            if (tag == 0)
                break;
            if (tag == DtNeeded)
                neededOffsets.Add(value);
            else if (tag == DtStrtab)
                stringTable = value;
        }

        // DT_STRTAB is a virtual address: map it to a file offset through the loadable segment that holds it.
        var segment = loads.FirstOrDefault(load => stringTable >= load.VirtualAddress && stringTable < load.VirtualAddress + load.Size);
        var stringsAt = stringTable - segment.VirtualAddress + segment.Offset;
        var needed = new List<string>();
        foreach (var offset in neededOffsets)
        {
            var start = (int)(stringsAt + offset);
            var end = span[start..].IndexOf((byte)0);
            needed.Add(Encoding.ASCII.GetString(span.Slice(start, end)));
        }

        return new ElfDependencies(interpreter, needed);
    }
}

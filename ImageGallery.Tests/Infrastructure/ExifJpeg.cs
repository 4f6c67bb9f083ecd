using System.Buffers.Binary;
using System.Text;

namespace ImageGallery.Tests.Infrastructure;

// A real JPEG with an EXIF block (APP1) written in: date taken, camera, lens, exposure,
// orientation and, when given, a GPS position. Little-endian TIFF, as most cameras write.
public static class ExifJpeg
{
    public static byte[] Write(byte[] jpeg, string takenAt = "2019:07:14 09:41:05", string make = "Canon",
        string model = "Canon EOS R6", string lens = "RF24-105mm F4 L IS USM", (double Lat, double Lon)? gps = null)
    {
        var tiff = new Tiff();
        var exif = new List<Entry>
        {
            Rational(0x829A, 1, 250), Rational(0x829D, 28, 10), Short(0x8827, 400), Ascii(0x9003, takenAt),
            Rational(0x920A, 50, 1), Ascii(0xA434, lens),
        };
        var gpsEntries = gps is { } g
            ? new List<Entry> { Ascii(0x0001, g.Lat >= 0 ? "N" : "S"), Degrees(0x0002, Math.Abs(g.Lat)),
                                Ascii(0x0003, g.Lon >= 0 ? "E" : "W"), Degrees(0x0004, Math.Abs(g.Lon)) }
            : null;
        var ifd0 = new List<Entry> { Ascii(0x010F, make), Ascii(0x0110, model), Short(0x0112, 1), Long(0x8769, 0) };
        if (gpsEntries is not null) ifd0.Add(Long(0x8825, 0));

        // IFD0 first (at 8), then the EXIF IFD, then GPS; pointers patched once offsets are known.
        var ifd0At = 8;
        var exifAt = ifd0At + tiff.Size(ifd0);
        var gpsAt = exifAt + tiff.Size(exif);
        ifd0[3] = Long(0x8769, (uint)exifAt);
        if (gpsEntries is not null) ifd0[4] = Long(0x8825, (uint)gpsAt);
        var body = new List<byte>("II*\0"u8.ToArray());
        body.AddRange(BitConverter.GetBytes(8u));
        body.AddRange(tiff.Ifd(ifd0, ifd0At));
        body.AddRange(tiff.Ifd(exif, exifAt));
        if (gpsEntries is not null) body.AddRange(tiff.Ifd(gpsEntries, gpsAt));

        var app1 = "Exif\0\0"u8.ToArray().Concat(body).ToArray();
        var segment = new byte[4 + app1.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(app1.Length + 2));
        app1.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    private sealed record Entry(ushort Tag, ushort Type, uint Count, byte[] Value);

    private static Entry Ascii(ushort tag, string s) { var b = Encoding.ASCII.GetBytes(s + "\0"); return new(tag, 2, (uint)b.Length, b); }
    private static Entry Short(ushort tag, ushort v) => new(tag, 3, 1, BitConverter.GetBytes(v));
    private static Entry Long(ushort tag, uint v) => new(tag, 4, 1, BitConverter.GetBytes(v));
    private static Entry Rational(ushort tag, uint num, uint den) => new(tag, 5, 1, [.. BitConverter.GetBytes(num), .. BitConverter.GetBytes(den)]);

    private static Entry Degrees(ushort tag, double value)
    {
        var d = (uint)value;
        var m = (uint)((value - d) * 60);
        var s = (uint)Math.Round(((value - d) * 60 - m) * 60 * 1000);
        return new(tag, 5, 3, [.. BitConverter.GetBytes(d), .. BitConverter.GetBytes(1u), .. BitConverter.GetBytes(m),
            .. BitConverter.GetBytes(1u), .. BitConverter.GetBytes(s), .. BitConverter.GetBytes(1000u)]);
    }

    private sealed class Tiff
    {
        public int Size(List<Entry> entries) => 2 + 12 * entries.Count + 4 + entries.Sum(e => e.Value.Length > 4 ? Even(e.Value.Length) : 0);

        // Entries, a zero "next IFD" link, then the values too long to sit in an entry.
        public byte[] Ifd(List<Entry> entries, int at)
        {
            var head = new List<byte>(BitConverter.GetBytes((ushort)entries.Count));
            var data = new List<byte>();
            var dataAt = at + 2 + 12 * entries.Count + 4;
            foreach (var e in entries.OrderBy(e => e.Tag))
            {
                head.AddRange(BitConverter.GetBytes(e.Tag));
                head.AddRange(BitConverter.GetBytes(e.Type));
                head.AddRange(BitConverter.GetBytes(e.Count));
                if (e.Value.Length <= 4)
                    head.AddRange(e.Value.Concat(new byte[4 - e.Value.Length]));
                else
                {
                    head.AddRange(BitConverter.GetBytes((uint)(dataAt + data.Count)));
                    data.AddRange(e.Value);
                    if (e.Value.Length % 2 == 1) data.Add(0);
                }
            }
            head.AddRange(BitConverter.GetBytes(0u));
            return [.. head, .. data];
        }

        private static int Even(int n) => n + n % 2;
    }
}

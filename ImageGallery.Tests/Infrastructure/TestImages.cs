using System.Net.Http.Headers;
using ImageGallery.Web.Storage;

namespace ImageGallery.Tests.Infrastructure;

// Real image files (Fixtures/) and the browser's way of sending them to storage.
public static class TestImages
{
    public static byte[] Jpeg => Read("photo.jpg");        // 640x480
    public static byte[] LargeJpeg => Read("large.jpg");   // 800x600
    public static byte[] Png => Read("photo.png");         // 300x200
    public static byte[] Gif => Read("small.gif");         // 120x80
    public static byte[] Webp => Read("photo.webp");       // 200x150
    public static byte[] Heic => Read("photo.heic");       // 640x480, HEVC, with EXIF (Fixtures/make-heic.sh)
    public static byte[] Avif => Read("small.avif");       // 64x48 (ImageMagick: convert -size 64x48 xc:red small.avif)

    // A valid, all-black greyscale PNG of any size (tiny when compressed), for limits that
    // only a decoded image reveals.
    public static byte[] BlankPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), deflate, no filter, no interlace
        PngChunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(pixels, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            for (var row = 0; row < height; row++) z.Write(new byte[width + 1]);   // filter byte 0, then black
        PngChunk(png, "IDAT", pixels.ToArray());
        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void PngChunk(Stream png, string type, byte[] data)
    {
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var word = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    // multipart/form-data exactly as upload.js builds it: every policy field in
    // order, then the file last (S3 ignores fields after the file).
    public static MultipartFormDataContent Form(PresignedForm form, byte[] bytes, string fileContentType,
        string fileName = "upload.bin", IDictionary<string, string>? overrides = null)
    {
        var content = new MultipartFormDataContent();
        var fields = new Dictionary<string, string>(form.Fields);
        if (overrides is not null)
            foreach (var (k, v) in overrides) fields[k] = v;
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(fileContentType);
        content.Add(file, "file", fileName);
        return content;
    }

    // POSTs the form to its url: relative (embedded store, through the app's client)
    // or absolute (S3, straight to the gateway, as a browser would).
    public static Task<HttpResponseMessage> PostAsync(HttpClient appClient, PresignedForm form, byte[] bytes,
        string contentType, IDictionary<string, string>? overrides = null)
    {
        var url = new Uri(form.Url, UriKind.RelativeOrAbsolute);
        var client = url.IsAbsoluteUri ? Direct : appClient;
        return client.PostAsync(url, Form(form, bytes, contentType, overrides: overrides));
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient appClient, Uri url) =>
        (url.IsAbsoluteUri ? Direct : appClient).GetAsync(url);

    // For storage that lives outside the app (RGW): no app cookies, like a browser
    // talking to another origin.
    public static readonly HttpClient Direct = new();
}

using System.Security.Cryptography;
using System.Text;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

// HMAC-SHA256 with a secret generated on first run and kept in the data directory,
// so forms and URLs stay valid across restarts (and across instances sharing it).
public sealed class EmbeddedSigner
{
    private readonly byte[] _secret;

    public EmbeddedSigner(IOptions<GalleryOptions> gallery)
    {
        var path = Path.Combine(gallery.Value.DataDirectory, "storage.secret");
        Directory.CreateDirectory(gallery.Value.DataDirectory);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                    4096, FileOptions.None);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                f.Write(Encoding.ASCII.GetBytes(fresh));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first: use theirs.
            }
        }
        _secret = Read(path);
    }

    public const int MinSecretBytes = 32;

    // An empty or truncated secret would let anyone sign: refuse to start instead.
    private static byte[] Read(string path)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            secret = [];
        }
        if (secret.Length < MinSecretBytes)
            throw new InvalidOperationException(
                $"The embedded storage signing secret in {path} is {secret.Length} bytes of valid base64; it must be at least " +
                $"{MinSecretBytes} random bytes, base64-encoded. Delete the file to have a new one made (forms and URLs " +
                "already handed out stop working).");
        return secret;
    }

    public string Sign(string value) =>
        Base64Url(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value)));

    public bool Verify(string value, string? signature) =>
        signature is not null &&
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(value)), Encoding.ASCII.GetBytes(signature));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

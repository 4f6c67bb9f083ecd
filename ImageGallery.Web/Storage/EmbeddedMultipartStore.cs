using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

// Multipart uploads on disk, with S3's contract: an upload is a directory
// {DataDirectory}/multipart/{upload id}/ holding upload.json and one file per part;
// the browser PUTs parts to signed URLs (EmbeddedPartEndpoint). A part file starts
// with its ETag (32 hex digits of the part's MD5, as S3 computes it), then the bytes,
// so a part and its ETag are replaced together by one rename.
public sealed class EmbeddedMultipartStore(
    IOptions<GalleryOptions> gallery, EmbeddedObjectStore objects, EmbeddedSigner signer) : IMultipartStore
{
    public const string PartsPath = "/storage/parts";
    internal const int ETagLength = 32;
    // S3's smallest part, except the last.
    internal const long MinPartBytes = 5L * 1024 * 1024;
    private const string UploadFile = "upload.json";

    internal sealed record UploadInfo(string Key, string ContentType);

    public string Root { get; } = Path.Combine(gallery.Value.DataDirectory, "multipart");

    private string TempRoot => Path.Combine(Root, "tmp");

    public async Task<string> StartAsync(string key, string contentType, CancellationToken ct)
    {
        if (objects.PathFor(key) is null) throw new ArgumentException("Not a valid key.", nameof(key));
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var dir = Path.Combine(Root, id);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, UploadFile),
            JsonSerializer.Serialize(new UploadInfo(key, contentType)), ct);
        return id;
    }

    public Uri GetPartUrl(PartUrlRequest r)
    {
        var exp = r.ExpiresAt.ToUnixTimeSeconds();
        var sig = signer.Sign(PartCanonical(r.UploadId, r.PartNumber, exp, r.MaxBytes));
        return new Uri($"{PartsPath}/{r.UploadId}/{r.PartNumber.ToString(CultureInfo.InvariantCulture)}" +
                       $"?exp={exp.ToString(CultureInfo.InvariantCulture)}&max={r.MaxBytes.ToString(CultureInfo.InvariantCulture)}&sig={sig}",
            UriKind.Relative);
    }

    internal static string PartCanonical(string uploadId, int partNumber, long exp, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"part\n{uploadId}\n{partNumber}\n{exp}\n{max}");

    public async Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken ct)
    {
        var dir = UploadDirectory(uploadId);
        if (dir is null || await ReadInfoAsync(dir, ct) is not { } info || info.Key != key) return null;
        return await ReadPartsAsync(dir, ct);
    }

    public async Task<bool> CompleteAsync(string key, string uploadId, IReadOnlyList<StoredPart> parts, CancellationToken ct)
    {
        var dir = UploadDirectory(uploadId);
        if (dir is null || parts.Count == 0 || await ReadInfoAsync(dir, ct) is not { } info || info.Key != key) return false;
        var target = objects.PathFor(key) ?? throw new ArgumentException("Not a valid key.", nameof(key));

        // Claimed by a rename: a second completion, an abort or a part PUT racing this one
        // finds no upload. From here on the upload id is spent.
        var claimed = dir + ".completing-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.Move(dir, claimed);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException)
        {
            return false;
        }
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".assembling";
        try
        {
            var stored = (await ReadPartsAsync(claimed, ct)).ToDictionary(p => p.PartNumber);
            for (var i = 0; i < parts.Count; i++)
            {
                var want = parts[i];
                if (!stored.TryGetValue(want.PartNumber, out var have) || have.ETag != want.ETag ||
                    (i > 0 && want.PartNumber <= parts[i - 1].PartNumber) ||
                    (i < parts.Count - 1 && have.Size < MinPartBytes))
                    return false;
            }

            // Streamed part by part: a 1 GiB upload never sits in memory.
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                foreach (var part in parts)
                {
                    await using var input = new FileStream(PartPath(claimed, part.PartNumber), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                    input.Seek(ETagLength, SeekOrigin.Begin);
                    await input.CopyToAsync(output, 81920, ct);
                }
            }
            await EmbeddedObjectStore.WriteMetaAsync(target, new EmbeddedObjectStore.ObjectMeta(info.ContentType), ct);
            File.Move(temp, target, overwrite: true);
            return true;
        }
        finally
        {
            TryDelete(temp);
            Directory.Delete(claimed, recursive: true);
        }
    }

    public Task AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        var dir = UploadDirectory(uploadId);
        if (dir is null) return Task.CompletedTask;
        var gone = dir + ".aborted-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.Move(dir, gone);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException)
        {
            return Task.CompletedTask;
        }
        Directory.Delete(gone, recursive: true);
        return Task.CompletedTask;
    }

    // Uploads begun before `cutoff`, for the sweeper (S3 has its lifecycle rule instead).
    public IEnumerable<string> UploadsStartedBefore(DateTimeOffset cutoff) =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
                .Where(id => UploadDirectory(id) is { } d && Directory.GetCreationTimeUtc(d) < cutoff.UtcDateTime)
            : [];

    // Stores one part: the body goes to a temp file (its MD5 computed on the way), at
    // most maxBytes of it, and is renamed into the upload only if the upload still exists.
    // Returns the ETag; null when there is no such upload; throws PartTooLargeException.
    internal async Task<string?> WritePartAsync(string uploadId, int partNumber, Stream body, long maxBytes, CancellationToken ct)
    {
        var dir = UploadDirectory(uploadId);
        if (dir is null || !Directory.Exists(dir)) return null;
        Directory.CreateDirectory(TempRoot);
        var temp = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        try
        {
            string etag;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                output.Write(new byte[ETagLength]);
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes) throw new PartTooLargeException();
                    md5.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                etag = Convert.ToHexStringLower(md5.GetHashAndReset());
                output.Seek(0, SeekOrigin.Begin);
                await output.WriteAsync(System.Text.Encoding.ASCII.GetBytes(etag), ct);
            }
            try
            {
                File.Move(temp, PartPath(dir, partNumber), overwrite: true);
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            return $"\"{etag}\"";
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static string PartPath(string dir, int partNumber) =>
        Path.Combine(dir, partNumber.ToString("D5", CultureInfo.InvariantCulture) + ".part");

    private static async Task<List<StoredPart>> ReadPartsAsync(string dir, CancellationToken ct)
    {
        var parts = new List<StoredPart>();
        foreach (var path in Directory.EnumerateFiles(dir, "*.part"))
        {
            if (!int.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) continue;
            try
            {
                await using var f = File.OpenRead(path);
                var etag = new byte[ETagLength];
                await f.ReadExactlyAsync(etag, ct);
                parts.Add(new StoredPart(number, f.Length - ETagLength, $"\"{System.Text.Encoding.ASCII.GetString(etag)}\""));
            }
            catch (FileNotFoundException)
            {
                // Replaced or aborted while listing.
            }
        }
        return parts.OrderBy(p => p.PartNumber).ToList();
    }

    private static async Task<UploadInfo?> ReadInfoAsync(string dir, CancellationToken ct)
    {
        try
        {
            await using var f = File.OpenRead(Path.Combine(dir, UploadFile));
            return await JsonSerializer.DeserializeAsync<UploadInfo>(f, cancellationToken: ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    // Upload ids come from the network (the part URL): only ids this store could have made.
    private string? UploadDirectory(string uploadId) =>
        uploadId.Length == 48 && uploadId.All(char.IsAsciiHexDigitLower) ? Path.Combine(Root, uploadId) : null;

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }
}

public sealed class PartTooLargeException : Exception;

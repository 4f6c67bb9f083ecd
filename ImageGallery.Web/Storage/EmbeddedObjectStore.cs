using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

// Objects on local disk under {DataDirectory}/objects, with the browser-facing
// upload and download endpoints in EmbeddedStorageEndpoints. Like Rails Active
// Storage's Disk service: no cloud needed for development or a single machine.
public sealed class EmbeddedObjectStore(IOptions<GalleryOptions> gallery, EmbeddedSigner signer) : IObjectStore
{
    public const string UploadPath = "/storage/upload";
    public const string ObjectsPath = "/storage/objects";

    public string Root { get; } = Path.Combine(gallery.Value.DataDirectory, "objects");

    public PresignedForm CreateUploadForm(UploadFormRequest r)
    {
        var policy = new EmbeddedPolicy(r.ExpiresAt, r.Key, r.ContentType, r.Size, r.Size, "201").Encode();
        return new PresignedForm(UploadPath, new Dictionary<string, string>
        {
            ["key"] = r.Key,
            ["Content-Type"] = r.ContentType,
            ["success_action_status"] = "201",
            ["policy"] = policy,
            ["x-gallery-signature"] = signer.Sign(policy),
        });
    }

    public async Task<StoredObject?> GetInfoAsync(string key, CancellationToken ct)
    {
        var path = PathFor(key);
        if (path is null || !File.Exists(path)) return null;
        var meta = await ReadMetaAsync(path, ct);
        return new StoredObject(new FileInfo(path).Length, meta?.ContentType);
    }

    public async Task<ObjectHead?> ReadHeadAsync(string key, int count, CancellationToken ct)
    {
        var path = PathFor(key);
        if (path is null) return null;
        try
        {
            await using var f = File.OpenRead(path);
            var buffer = new byte[Math.Min(count, f.Length)];
            await f.ReadExactlyAsync(buffer, ct);
            return new ObjectHead(f.Length, (await ReadMetaAsync(path, ct))?.ContentType, buffer);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        // File.Delete throws when the directory is missing, which is also "no such object".
        if (PathFor(key) is { } path && Directory.Exists(Path.GetDirectoryName(path)))
        {
            File.Delete(path);
            File.Delete(path + MetaSuffix);
        }
        return Task.CompletedTask;
    }

    public async Task<bool> CopyAsync(string sourceKey, string destinationKey, long size, CancellationToken ct)
    {
        if (PathFor(sourceKey) is not { } source || PathFor(destinationKey) is not { } destination) return false;
        var meta = await ReadMetaAsync(source, ct);
        if (meta is null || !File.Exists(source)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        // Both files are written beside their targets and renamed into place: a reader
        // never sees a half-copied object, and an upload replacing the source meanwhile
        // (it renames too) leaves the copy with one whole version.
        var tempData = destination + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            File.Copy(source, tempData);
            await WriteMetaAsync(destination, meta, ct);
            File.Move(tempData, destination, overwrite: true);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        finally
        {
            File.Delete(tempData);
        }
    }

    public async IAsyncEnumerable<ListedObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        // Walk from the deepest directory the prefix names; keys are '/'-separated.
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? Root : Path.Combine(Root, prefix[..slash]);
        if (!Directory.Exists(directory)) yield break;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            // Sidecars and uploads still being written are not objects.
            if (file.EndsWith(MetaSuffix, StringComparison.Ordinal) || file.EndsWith(".part", StringComparison.Ordinal)) continue;
            var key = Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var info = new FileInfo(file);
            if (!info.Exists) continue;
            yield return new ListedObject(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
        }
        await Task.CompletedTask;
    }

    public Uri GetViewUrl(ViewUrlRequest r)
    {
        var q = ViewQuery(r.Key, r.ContentType, StorageHeaders.Disposition(r.FileName, r.Download),
            r.ExpiresAt.ToUnixTimeSeconds(), (long)r.MaxAge.TotalSeconds);
        return new Uri($"{ObjectsPath}/{r.Key}?{q}&sig={signer.Sign(r.Key + "?" + q)}", UriKind.Relative);
    }

    internal static string ViewQuery(string key, string contentType, string disposition, long expires, long maxAge) =>
        $"ct={Uri.EscapeDataString(contentType)}&cd={Uri.EscapeDataString(disposition)}" +
        $"&exp={expires.ToString(CultureInfo.InvariantCulture)}&ma={maxAge.ToString(CultureInfo.InvariantCulture)}";

    public Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        return Task.FromResult(Directory.Exists(Root));
    }

    public Task<string> SetupAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        return Task.FromResult($"Embedded storage is ready at {Root}.");
    }

    internal const string MetaSuffix = ".meta.json";

    internal sealed record ObjectMeta(string ContentType);

    // Beside the object, renamed into place, so a reader never sees half of it.
    internal static async Task WriteMetaAsync(string path, ObjectMeta meta, CancellationToken ct)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".part" + MetaSuffix;
        try
        {
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(meta), ct);
            File.Move(temp, path + MetaSuffix, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    internal static async Task<ObjectMeta?> ReadMetaAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path + MetaSuffix)) return null;
        await using var f = File.OpenRead(path + MetaSuffix);
        return await JsonSerializer.DeserializeAsync<ObjectMeta>(f, cancellationToken: ct);
    }

    // Keys are minted by the app, but the endpoints take them from the network:
    // only plain relative paths under the root are ever touched.
    internal string? PathFor(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 300 || key.StartsWith('/') || key.EndsWith(MetaSuffix)) return null;
        foreach (var segment in key.Split('/'))
            if (segment is "" or "." or ".." || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                return null;
        var full = Path.GetFullPath(Path.Combine(Root, key));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}

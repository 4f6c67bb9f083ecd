using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace ImageGallery.Web.Hosting;

// The fingerprinted URL of every file under wwwroot (MapStaticAssets serves those for a year,
// immutable; the plain URL is revalidated on every use), read from the static-asset manifest
// that WithStaticAssets attaches to the pages' endpoints.
//
// ImportMap sends each JavaScript module's plain URL to its fingerprinted one. The entry
// scripts are fingerprinted by asp-append-version, but what they import by a relative
// specifier ('./exif.js') resolves to the plain URL, so without the map every page view
// revalidates every module, in waves as deep as the import graph. Keys are absolute
// ("/js/exif.js"): the framework's own map uses "./js/…", which is resolved against the
// document and so is wrong on /images/{id} and every other nested page.
//
// The map is the one inline script the Content-Security-Policy allows, by the hash of its
// exact text (ImportMapHash; SecurityHeaders). The layout renders ImportMap, so the text
// hashed is the text sent.
public sealed class StaticAssetUrls(EndpointDataSource endpoints)
{
    private const string ScriptExtension = ".js";

    private readonly Lazy<Manifest> _manifest = new(() => Read(endpoints));

    public ImportMapDefinition ImportMap => _manifest.Value.ImportMap;

    // A CSP hash source: 'sha256-…' of the map's JSON as rendered.
    public string ImportMapHash => _manifest.Value.Hash;

    // "/lib/exifr/lite.esm.js" → "/lib/exifr/lite.esm.<fingerprint>.js"; the plain URL for a
    // file the manifest does not fingerprint.
    public string this[string path] =>
        _manifest.Value.Urls.TryGetValue(path.TrimStart('/'), out var url) ? "/" + url : "/" + path.TrimStart('/');

    private static Manifest Read(EndpointDataSource endpoints)
    {
        var assets = endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<ResourceAssetCollection>())
            .FirstOrDefault(c => c is not null) ?? ResourceAssetCollection.Empty;
        // An asset with a label is the fingerprinted URL of the file the label names.
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var asset in assets)
            if (asset.Properties?.FirstOrDefault(p => p.Name == "label")?.Value is { } label)
                urls[label] = asset.Url;

        var imports = urls.Where(u => u.Key.EndsWith(ScriptExtension, StringComparison.Ordinal))
            .OrderBy(u => u.Key, StringComparer.Ordinal)
            .ToDictionary(u => "/" + u.Key, u => "/" + u.Value);
        var map = new ImportMapDefinition(imports, null, null);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.ToString())));
        return new Manifest(urls, map, $"'sha256-{hash}'");
    }

    private sealed record Manifest(Dictionary<string, string> Urls, ImportMapDefinition ImportMap, string Hash);
}

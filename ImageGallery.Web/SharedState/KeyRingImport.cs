using System.Xml.Linq;
using ImageGallery.Web.Hosting;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.SharedState;

// Before keys moved to the database (or Redis), they were files in
// Gallery:DataDirectory/keys. When the shared store is still empty, those files are
// copied into it once, so an upgrade signs nobody out. The files are left in place.
public sealed class KeyRingImport(
    IOptions<KeyManagementOptions> keys, IOptions<GalleryOptions> gallery, RedisConnection redis, ILogger<KeyRingImport> logger)
{
    public int Run()
    {
        var directory = new DirectoryInfo(Path.Combine(gallery.Value.DataDirectory, "keys"));
        if (!directory.Exists) return 0;
        if (redis.IsConfigured && !redis.IsConnected)
        {
            logger.LogWarning("Redis is unreachable: the key files in {Directory} were not imported; the next start tries again", directory.FullName);
            return 0;
        }
        var repository = keys.Value.XmlRepository ?? throw new InvalidOperationException("No data protection key repository.");
        if (repository.GetAllElements().Count > 0) return 0;

        var files = directory.GetFiles("key-*.xml");
        foreach (var file in files)
            repository.StoreElement(XElement.Load(file.FullName), Path.GetFileNameWithoutExtension(file.Name));
        if (files.Length > 0)
            logger.LogInformation("Imported {Count} data protection key(s) from {Directory}", files.Length, directory.FullName);
        return files.Length;
    }
}

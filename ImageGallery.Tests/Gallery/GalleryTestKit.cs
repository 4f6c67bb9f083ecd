using AngleSharp.Dom;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Gallery;

// Reading the gallery's HTML as Pages/Index.cshtml and Pages/Shared/_GalleryTile.cshtml render it.
public static class GalleryTestKit
{
    public static List<Guid> TileIds(IDocument doc) =>
        doc.QuerySelectorAll("ul#gallery-grid.gallery-grid > li.tile")
            .Select(li => Guid.Parse(li.GetAttribute("data-image-id")!)).ToList();

    public static IElement Tile(IDocument doc, Guid id) =>
        doc.QuerySelector($"#gallery-grid li.tile[data-image-id='{id}']")
        ?? throw new InvalidOperationException($"No tile for {id}.");

    public static string? PagerLink(IDocument doc, string rel) =>
        doc.QuerySelector($"nav.pager a[rel={rel}]")?.GetAttribute("href");

    public static string ImgSrc(IDocument doc, Guid id) =>
        Tile(doc, id).QuerySelector("img")?.GetAttribute("src") ?? throw new InvalidOperationException($"Tile {id} has no img.");

    // A signed-in person and their user id.
    public static async Task<(GalleryClient Client, string UserId)> PersonAsync(GalleryFactory factory, Func<GalleryClient>? create = null)
    {
        var client = create?.Invoke() ?? factory.CreateGalleryClient();
        await client.SignUpAsync();
        return (client, await ImageSeeder.UserIdAsync(factory, client.Email!));
    }

    public static async Task UpdateAsync(GalleryFactory factory, Guid id, Action<Image> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        change(await db.Images.SingleAsync(i => i.PublicId == id));
        await db.SaveChangesAsync();
    }

    public static async Task<Image?> FindAsync(GalleryFactory factory, Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id);
    }
}

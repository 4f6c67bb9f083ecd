using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

// The gallery's order is the date taken, else the upload time, newest first, with month
// headings; keyset paging on (SortKey, Id) keeps it exact across page boundaries, ties included.
public class DateTakenOrderTests(SmallPageGalleryFactory factory) : IClassFixture<SmallPageGalleryFactory>
{
    [Fact]
    public async Task Get_Index_PagesByDateTaken_ThenUploadTime_AcrossPageBoundaries_BothWays()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        // Seeded in upload order; taken dates out of that order, two in the same second
        // (one pair straddling the boundary between pages 1 and 2), and two with none.
        DateTime? At(int month, int day) => new DateTime(2020, month, day, 12, 0, 0, DateTimeKind.Utc);
        DateTime?[] taken = [At(3, 1), At(1, 5), null, At(3, 1), At(2, 9), At(1, 5), At(3, 20), null];
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, taken.Length, takenAt: i => taken[i]);
        // Not taken: sorted by upload time, which is after every date above.
        var expected = new[] { ids[7], ids[2], ids[6], ids[3], ids[0], ids[4], ids[5], ids[1] };

        var forward = new List<Guid>();
        var pages = new List<AngleSharp.Dom.IDocument>();
        for (var url = "/"; ; )
        {
            var page = await client.GetPageAsync(url);
            pages.Add(page);
            forward.AddRange(TileIds(page));
            if (PagerLink(page, "next") is not { } next) break;
            url = next;
        }
        Assert.Equal(expected, forward);
        Assert.Equal(3, pages.Count);

        var backward = new List<Guid>();
        for (var page = pages[^1]; ; )
        {
            backward.InsertRange(0, TileIds(page));
            if (PagerLink(page, "prev") is not { } prev) break;
            page = await client.GetPageAsync(prev);
        }
        Assert.Equal(expected, backward);

        // Each page heads its months once, in order.
        var now = DateTime.UtcNow.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([now, "March 2020"], Months(pages[0]));
        Assert.Equal(["March 2020", "February 2020"], Months(pages[1]));
        Assert.Equal(["January 2020"], Months(pages[2]));
    }

    private static List<string> Months(AngleSharp.Dom.IDocument doc) =>
        doc.QuerySelectorAll("#gallery-grid > li.gallery-month h2").Select(h => h.TextContent.Trim()).ToList();
}

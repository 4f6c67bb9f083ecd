namespace ImageGallery.Bench;

public sealed record SeedImage(
    long Id, Guid PublicId, string FileName, string ContentType, long Size, int Width, int Height,
    string? Caption, int Status, DateTime CreatedAt, DateTime? TakenAt, string? Facts)
{
    // The gallery's order (Image.SortKey): date taken, else upload time.
    public DateTime SortKey => TakenAt ?? CreatedAt;
}

public sealed record SeedAlbum(Guid PublicId, string Name, IReadOnlyList<long> ImageIds);

// One person's photo library, made up the way real ones grow, deterministic per size:
// - events (a day out, a holiday, a party) of 3 to 80 photos taken minutes apart, spread
//   over 12 years and growing denser towards now; some bursts share a second;
// - file names as the cameras write them: iPhone IMG_1234.HEIC/.JPG (the counter wraps at
//   9999, so names repeat), Pixel PXL_20190704_101530123.jpg, Samsung 20190704_101530.jpg,
//   a DSLR's DSC_1234.JPG, WhatsApp IMG-20190704-WA0012.jpg and screenshots (these two
//   carry no date taken: they sort by upload time), and one event in ten renamed by hand
//   ("Lisbon beach 2019 (3).jpg");
// - a caption on one photo in four, from the event's theme and place;
// - uploads mostly soon after the event, but one event in four imported years later, so
//   the upload order (Id) and the date-taken order differ;
// - the newest 1% awaiting review, 1% in the trash;
// - an album per holiday ("Lisbon 2019") and one album "Everything" holding every image.
public static class PhotoLibrary
{
    public const string Everything = "Everything";

    // Themes by how often they come up (the first is the commonest), and places.
    private static readonly (string Word, int Weight)[] Themes =
    [
        ("beach", 10), ("family", 9), ("garden", 7), ("birthday", 6), ("mountains", 6), ("dinner", 5), ("park", 5),
        ("city", 5), ("snow", 4), ("wedding", 3), ("concert", 3), ("museum", 3), ("harbour", 3), ("christmas", 3),
        ("forest", 3), ("lake", 2), ("sunset", 2), ("market", 2), ("school", 2), ("football", 2),
    ];
    private static readonly string[] Places =
        ["Lisbon", "Porto", "Paris", "Rome", "Berlin", "Oslo", "Vienna", "Prague", "Madrid", "Athens", "Dublin", "Krakow", "Seville", "Bergen"];
    private static readonly string[] Captions =
        ["{0} with friends", "A day at the {0}", "{0} in {1}", "Our {0}, {2}", "{1}: {0}", "Best {0} ever", "{0} again"];
    private static readonly (string Make, string Model)[] Cameras =
        [("Apple", "iPhone 12"), ("Google", "Pixel 7"), ("samsung", "SM-G991B"), ("NIKON CORPORATION", "NIKON D7500")];

    public static (List<SeedImage> Images, List<SeedAlbum> Albums) Make(int count, long firstId, DateTime now)
    {
        var rng = new Random(count);
        var totalWeight = Themes.Sum(t => t.Weight);
        var start = now.AddYears(-12);
        var events = new List<(DateTime When, string Theme, string Place, int Source, bool Renamed, bool Imported, int Photos)>();
        for (var made = 0; made < count;)
        {
            // Denser towards now: the square root skews the dates to the recent end.
            var when = start.AddSeconds(Math.Sqrt(rng.NextDouble()) * (now.AddDays(-2) - start).TotalSeconds);
            var pick = rng.Next(totalWeight);
            var theme = Themes.First(t => (pick -= t.Weight) < 0).Word;
            var photos = Math.Min(count - made, rng.Next(3, 81));
            events.Add((when, theme, Places[rng.Next(Places.Length)], rng.Next(10), rng.Next(10) == 0, rng.Next(4) == 0, photos));
            made += photos;
        }
        // Upload order: events as they happened, except the imported ones, which arrive in a
        // bulk import spread over the last year.
        var uploads = events.Select(e => (Event: e, At: e.Imported ? now.AddDays(-rng.Next(1, 365)) : e.When.AddDays(rng.Next(0, 20))))
            .OrderBy(u => u.At).ToList();

        var images = new List<SeedImage>(count);
        var albums = new Dictionary<string, List<long>>();
        var iphoneCounter = rng.Next(10_000);
        var dslrCounter = rng.Next(10_000);
        foreach (var (e, uploadAt) in uploads)
        {
            var taken = e.When;
            for (var p = 0; p < e.Photos; p++)
            {
                // Bursts: one photo in twenty is taken in the same second as the one before.
                if (p > 0 && rng.Next(20) != 0) taken = taken.AddSeconds(rng.Next(5, 600));
                var id = firstId + images.Count;
                var source = e.Renamed ? -1 : e.Source;
                var (name, type, hasDate) = source switch
                {
                    -1 => ($"{e.Place} {e.Theme} {taken.Year} ({p + 1}).jpg", "image/jpeg", true),
                    <= 3 => ($"IMG_{iphoneCounter++ % 10_000:D4}.{(taken.Year >= 2018 ? "HEIC" : "JPG")}",
                        taken.Year >= 2018 ? "image/heic" : "image/jpeg", true),
                    4 => ($"PXL_{taken:yyyyMMdd_HHmmssfff}.jpg", "image/jpeg", true),
                    5 => ($"{taken:yyyyMMdd_HHmmss}.jpg", "image/jpeg", true),
                    6 => ($"DSC_{dslrCounter++ % 10_000:D4}.JPG", "image/jpeg", true),
                    7 or 8 => ($"IMG-{taken:yyyyMMdd}-WA{p:D4}.jpg", "image/jpeg", false),
                    _ => ($"Screenshot_{taken:yyyyMMdd-HHmmss}.png", "image/png", false),
                };
                string? caption = rng.Next(4) == 0
                    ? string.Format(Captions[rng.Next(Captions.Length)], e.Theme, e.Place, taken.Year) : null;
                var camera = Cameras[Math.Min(source < 0 ? 0 : source / 2, Cameras.Length - 1)];
                var facts = hasDate ? $$"""{"make":"{{camera.Make}}","model":"{{camera.Model}}","iso":{{rng.Next(50, 3200)}},"fNumber":1.8}""" : null;
                var createdAt = uploadAt.AddSeconds(p * 3);
                images.Add(new SeedImage(id, Guid.NewGuid(), name, type, rng.Next(1_500_000, 9_000_000),
                    4032, 3024, caption, 2, createdAt, hasDate ? taken : null, facts));
                if (e.Theme is "beach" or "mountains" or "snow" or "city" && e.Photos > 20)
                    (albums.TryGetValue($"{e.Place} {e.When.Year}", out var a) ? a : albums[$"{e.Place} {e.When.Year}"] = []).Add(id);
            }
        }
        // The newest uploads await review; a few images are in the trash (status 4).
        for (var i = 0; i < images.Count / 100; i++) images[^(i + 1)] = images[^(i + 1)] with { Status = 1 };
        for (var i = 0; i < images.Count / 100; i++)
        {
            var at = rng.Next(images.Count - images.Count / 100);
            images[at] = images[at] with { Status = 4 };
        }
        var result = albums.Select(a => new SeedAlbum(Guid.NewGuid(), a.Key, a.Value)).ToList();
        result.Add(new SeedAlbum(Guid.NewGuid(), Everything, images.Select(i => i.Id).ToList()));
        return (images, result);
    }

    // A visible image near the middle of the gallery's order and of the upload order, so
    // "?before=" it asks for a page deep in either (the album's order may follow either).
    public static SeedImage Middle(IReadOnlyList<SeedImage> images)
    {
        var visible = images.Where(i => i.Status is 1 or 2).ToList();
        var bySort = visible.OrderByDescending(i => i.SortKey).ThenByDescending(i => i.Id).Select((img, rank) => (img, rank))
            .ToDictionary(x => x.img.Id, x => x.rank);
        var n = visible.Count;
        return visible.OrderByDescending(i => i.Id).Select((img, rank) => (img, rank))
            .MinBy(x => Math.Max(Math.Abs(x.rank - n / 2), Math.Abs(bySort[x.img.Id] - n / 2))).img;
    }
}

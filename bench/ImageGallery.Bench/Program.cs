using ImageGallery.Bench;

// bench/run.sh builds the app and starts RGW, then runs: ImageGallery.Bench <web dll> <thumb.jpg> [what...]
// what: presign, cpu, paging, search, album, bytes, multipart, scale, zip (default: all but zip); "collection" is paging,
// search and album; the older names "page" (paging) and "organise" (search, album) still work. "two-hop-server" is the baseline app.
if (args is ["two-hop-server", ..]) { await TwoHopServer.RunAsync(args[1..]); return 0; }
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ImageGallery.Bench <ImageGallery.Web.dll> <thumbnail.jpg> [presign|cpu|paging|search|album|collection|bytes|multipart|scale|zip ...]");
    return 2;
}
var (web, thumb) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
var what = (args.Length > 2 ? args[2..] : ["presign", "cpu", "collection", "bytes", "multipart", "scale"])
    .SelectMany(w => w switch { "collection" => ["paging", "search", "album"], "page" => ["paging"], "organise" => ["search", "album"], _ => new[] { w } })
    .ToHashSet();
string Fresh() => Directory.CreateTempSubdirectory("gallery-bench").FullName;

Console.WriteLine($"ImageGallery benchmarks on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
if (what.Contains("presign"))
{
    Console.WriteLine("Presign (POST /api/uploads), wrk, 10 s per level:");
    await PresignBench.RunAsync(web, Fresh(), TimeSpan.FromSeconds(10));
}
if (what.Contains("scale"))
{
    Console.WriteLine("Several instances: presign on SQLite, PostgreSQL, PostgreSQL + Redis, and two instances behind nginx, wrk, 10 s each:");
    await ScaleBench.RunAsync(web, TimeSpan.FromSeconds(10));
}
if (what.Contains("cpu"))
{
    Console.WriteLine("App CPU per uploaded image (S3 on RGW):");
    await UploadCpuBench.RunAsync(web, Fresh());
}
string[] collection = [.. new[] { "paging", "search", "album" }.Where(what.Contains)];
if (collection.Length > 0)
{
    var seconds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SECONDS"), out var s) ? s : 3;
    Console.WriteLine($"A person's collection at 10,000 and 100,000 images ({string.Join(", ", collection)}), wrk, one connection, {seconds} s each after 1 s of warm-up:");
    await CollectionBench.RunAsync(web, collection, TimeSpan.FromSeconds(seconds));
}
if (what.Contains("bytes"))
{
    Console.WriteLine("Bytes a browser transfers (Chromium, embedded storage):");
    await BrowserBytesBench.RunAsync(web, Fresh(), thumb);
}
if (what.Contains("multipart"))
{
    Console.WriteLine("Large file in parts (S3 on RGW), one run:");
    await MultipartBench.RunAsync(web, Fresh(), int.TryParse(Environment.GetEnvironmentVariable("BENCH_PORT"), out var p) ? p : 5106);
}
if (what.Contains("zip"))
{
    Console.WriteLine($"ZIP of an album of 200 images of 5 MB (S3 on RGW), browser module against curl:");
    await ZipBench.RunAsync(web, Fresh(), thumb, int.TryParse(Environment.GetEnvironmentVariable("BENCH_PORT"), out var zp) ? zp : 5107);
}
return 0;

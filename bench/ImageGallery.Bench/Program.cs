using ImageGallery.Bench;

// bench/run.sh builds the app and starts RGW, then runs: ImageGallery.Bench <web dll> <thumb.jpg> [what...]
// what: presign, cpu, page, organise, bytes, multipart, scale, zip (default: all but organise and zip). "two-hop-server" is the baseline app.
if (args is ["two-hop-server", ..]) { await TwoHopServer.RunAsync(args[1..]); return 0; }
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ImageGallery.Bench <ImageGallery.Web.dll> <thumbnail.jpg> [presign|cpu|page|organise|bytes|multipart|scale|zip ...]");
    return 2;
}
var (web, thumb) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
var what = args.Length > 2 ? args[2..] : ["presign", "cpu", "page", "bytes", "multipart", "scale"];
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
if (what.Contains("page"))
{
    Console.WriteLine("Gallery page (GET /, first page of 60), wrk, one connection, 5 s per size:");
    await GalleryPageBench.RunAsync(web, Fresh(), TimeSpan.FromSeconds(5));
}
if (what.Contains("organise"))
{
    Console.WriteLine("Search and album page (GET /search, /albums/{id}), wrk, one connection, 5 s each:");
    await OrganiseBench.RunAsync(web, Fresh(), TimeSpan.FromSeconds(5));
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

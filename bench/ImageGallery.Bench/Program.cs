using ImageGallery.Bench;

// bench/run.sh builds the app and starts RGW, then runs: ImageGallery.Bench <web dll> <thumb.jpg> [what...]
// what: presign, cpu, page, organise, bytes, transfer, multipart, scale (default: all). "two-hop-server" is the baseline app.
if (args is ["two-hop-server", ..]) { await TwoHopServer.RunAsync(args[1..]); return 0; }
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ImageGallery.Bench <ImageGallery.Web.dll> <thumbnail.jpg> [presign|cpu|page|organise|bytes|transfer|multipart|scale ...]");
    return 2;
}
var (web, thumb) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]));
var what = args.Length > 2 ? args[2..] : ["presign", "cpu", "page", "bytes", "transfer", "multipart", "scale"];
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
if (what.Contains("transfer"))
{
    Console.WriteLine("Viewing 10 photos of ~20 MB in the viewer (Chromium, embedded storage, uploaded through the page):");
    await TransferBench.RunAsync(web, Fresh(), int.TryParse(Environment.GetEnvironmentVariable("BENCH_TRANSFER_IMAGES"), out var n) ? n : 10);
}
if (what.Contains("multipart"))
{
    Console.WriteLine("Large file in parts (S3 on RGW), one run:");
    await MultipartBench.RunAsync(web, Fresh(), int.TryParse(Environment.GetEnvironmentVariable("BENCH_PORT"), out var p) ? p : 5106);
}
return 0;

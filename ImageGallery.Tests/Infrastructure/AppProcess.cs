using System.Diagnostics;

namespace ImageGallery.Tests.Infrastructure;

// The built app (ImageGallery.Web.dll from its own bin folder, same configuration as the
// tests) run as a separate process: `dotnet ImageGallery.Web.dll --urls http://127.0.0.1:PORT`,
// or with a command (`migrate`, `storage setup`). Settings go in as environment variables,
// as an operator would give them.
public static class AppProcess
{
    public static string WebDirectory { get; } = FindWebProject();

    public static string Dll
    {
        get
        {
            // The tests run from ImageGallery.Tests/bin/<Configuration>/net10.0.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(WebDirectory, "bin", configuration, "net10.0", "ImageGallery.Web.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        }
    }

    public static ChildProcess Serve(string name, int port, IReadOnlyDictionary<string, string> settings)
    {
        var process = ChildProcess.Start(name, StartInfo(settings, "--urls", $"http://127.0.0.1:{port}"));
        LoopbackPorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), () => process.Tail()).GetAwaiter().GetResult();
        return process;
    }

    public static async Task RunAsync(IReadOnlyDictionary<string, string> settings, params string[] command)
    {
        using var process = ChildProcess.Start(string.Join(' ', command), StartInfo(settings, command));
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        if (exit != 0) throw new InvalidOperationException($"`{string.Join(' ', command)}` failed. {process.Tail()}");
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = WebDirectory };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // No inotify watches (a per-user limit the test run shares): see GalleryFactory.
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        start.Environment["DOTNET_USE_POLLING_FILE_WATCHER"] = "true";
        // Nothing from the test runner's own settings leaks in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_URLS") || k.StartsWith("DOTNET_") && k.Contains("URLS")).ToList())
            start.Environment.Remove(key);
        foreach (var (k, v) in settings) start.Environment[k.Replace(":", "__")] = v;
        return start;
    }

    private static string FindWebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImageGallery.sln")))
                return Path.Combine(dir.FullName, "ImageGallery.Web");
        throw new InvalidOperationException("ImageGallery.sln not found above the test binaries.");
    }
}

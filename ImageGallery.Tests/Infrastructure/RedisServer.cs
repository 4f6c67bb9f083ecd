using System.Diagnostics;

namespace ImageGallery.Tests.Infrastructure;

// A throwaway redis-server (Debian's package; scripts/test.sh installs it) on a free
// loopback port, nothing saved to disk. Stop() kills it by its process id, as an outage
// would; Start() brings it back on the same port, empty.
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    public RedisServer()
    {
        Port = LoopbackPorts.Free();
        Start();
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static string Executable =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "The Redis tests need redis-server (Debian: apt-get install redis-server; scripts/test.sh installs it).");

    public void Start()
    {
        if (_process is { HasExited: false }) return;
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        LoopbackPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10),
            () => _process.HasExited ? $"redis-server exited with {_process.ExitCode}." : "").GetAwaiter().GetResult();
    }

    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}

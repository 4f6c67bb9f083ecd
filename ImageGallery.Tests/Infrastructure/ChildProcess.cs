using System.Collections.Concurrent;
using System.Diagnostics;

namespace ImageGallery.Tests.Infrastructure;

// A service the tests start as a separate process (an app instance, nginx), its output
// kept for the failure message, stopped by its own process id.
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new ChildProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start."));
    }

    // The last lines it printed, for a failure message.
    public string Tail(int lines = 40) =>
        $"{Name}{(_process.HasExited ? $" exited with {_process.ExitCode}" : "")}:\n" + string.Join('\n', _output.TakeLast(lines));

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}

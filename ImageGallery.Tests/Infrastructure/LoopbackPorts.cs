using System.Net;
using System.Net.Sockets;

namespace ImageGallery.Tests.Infrastructure;

// Free TCP ports on 127.0.0.1 for the services tests start themselves (Redis, nginx, app
// instances). GALLERY_TEST_PORTS=first-last keeps them inside a range (a shared machine);
// otherwise the OS picks.
public static class LoopbackPorts
{
    private static int _next = -1;

    public static int Free()
    {
        if (Environment.GetEnvironmentVariable("GALLERY_TEST_PORTS") is { Length: > 0 } range)
        {
            var parts = range.Split('-');
            int first = int.Parse(parts[0]), last = int.Parse(parts[1]);
            Interlocked.CompareExchange(ref _next, first, -1);
            for (var tries = 0; tries <= last - first; tries++)
            {
                var port = first + (Interlocked.Increment(ref _next) - first - 1) % (last - first + 1);
                if (IsFree(port)) return port;
            }
            throw new InvalidOperationException($"No free port in GALLERY_TEST_PORTS={range}.");
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Waits until something accepts connections on the port.
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string> describeFailure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port} after {timeout.TotalSeconds} s. {describeFailure()}");
            }
        }
    }
}

using System.Diagnostics;

namespace ImageGallery.Tests.Infrastructure;

// Debian's nginx round-robin in front of app instances on loopback, with its own
// config, pid, logs and temp files in a directory of its own; in the foreground, so it
// is stopped by its process id. Forwards the client's address and scheme the way the
// README's production example does.
public sealed class NginxProxy : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    public NginxProxy(IEnumerable<int> upstreamPorts)
    {
        var executable = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The deployment tests need nginx (Debian: apt-get install nginx; scripts/test.sh installs it).");
        Port = LoopbackPorts.Free();
        _directory = Directory.CreateTempSubdirectory("gallery-nginx-").FullName;
        // Workers run unprivileged when nginx starts as root: they must write here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_directory, (UnixFileMode)0b111_111_111);
        var servers = string.Concat(upstreamPorts.Select(p => $"    server 127.0.0.1:{p};\n"));
        File.WriteAllText(Path.Combine(_directory, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{_directory}}/body;
              proxy_temp_path {{_directory}}/proxy;
              fastcgi_temp_path {{_directory}}/fastcgi;
              uwsgi_temp_path {{_directory}}/uwsgi;
              scgi_temp_path {{_directory}}/scgi;
              upstream gallery {
            {{servers}}    keepalive 64;
              }
              server {
                listen 127.0.0.1:{{Port}};
                location / {
                  proxy_pass http://gallery;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $remote_addr;
                  proxy_set_header X-Forwarded-Proto $scheme;
                }
              }
            }
            """);
        _process = ChildProcess.Start("nginx", new ProcessStartInfo(executable)
        {
            ArgumentList = { "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf"), "-g", "daemon off;" },
        });
        LoopbackPorts.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10),
            () => _process.Tail() + ReadErrorLog()).GetAwaiter().GetResult();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    private string ReadErrorLog()
    {
        var log = Path.Combine(_directory, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public void Dispose()
    {
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

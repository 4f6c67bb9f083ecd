using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;

namespace ImageGallery.Web.Hosting;

// `dotnet run --project ImageGallery.Web -- <command>`: operations that share the
// app's configuration and services but do not serve requests.
public static class Commands
{
    private const string Usage = """
        Commands:
          migrate                  apply database migrations
          admin grant <email>      give a registered user the Admin role
          admin revoke <email>     take the Admin role away
          storage setup            create the bucket, CORS and lifecycle rules (idempotent)
        """;

    private static readonly string[] Known = ["migrate", "admin", "storage"];

    // Splits "admin grant a@b --Database:Provider=Sqlite" into the command words and
    // the host's own arguments, so configuration switches still work with a command.
    public static (string[] Command, string[] HostArgs) Split(string[] args)
    {
        if (args.Length == 0 || !Known.Contains(args[0])) return ([], args);
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
        return (words, args[words.Length..]);
    }

    public static async Task<int> RunAsync(WebApplication app, string[] command, IReadOnlyList<string> applied)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        switch (command)
        {
            case ["migrate"]:
                // InitializeAsync has applied them, before anything read the schema.
                Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied: {string.Join(", ", applied)}");
                return 0;
            case ["admin", var verb, var email] when verb is "grant" or "revoke":
                if (!await sp.GetRequiredService<AdminRoles>().SetAdminAsync(email, verb == "grant"))
                {
                    Console.Error.WriteLine($"No registered user has the email {email}.");
                    return 1;
                }
                Console.WriteLine(verb == "grant" ? $"{email} is now an admin." : $"{email} is no longer an admin.");
                return 0;
            case ["storage", "setup"]:
                Console.WriteLine(await sp.GetRequiredService<IObjectStore>().SetupAsync(CancellationToken.None));
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}

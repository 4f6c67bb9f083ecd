using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// Two app instances on one PostgreSQL database (and one data directory, for the shared
// sign-in keys), as behind a load balancer: each has its own presign writer, so their
// batches commit concurrently, and the quota is held by the database alone.
public class SharedDatabaseTests
{
    private const int Quota = 5;

    [Fact]
    public async Task Presign_OnTwoInstancesSharingADatabase_AllowsExactlyTheQuota_UnderConcurrency()
    {
        var settings = new Dictionary<string, string?> { ["Uploads:MaxImagesPerUser"] = Quota.ToString() };
        using var first = new GalleryFactory(settings, database: TestDatabase.Postgres);
        using var second = new GalleryFactory(new Dictionary<string, string?>(settings)
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gallery"] = first.PostgresConnectionString,
        }, dataDirectory: first.DataDirectory);

        // Two people, each signed in on both instances; every client fires its presigns at
        // once, so both writers hold batches with both people's reservations.
        var people = new List<(GalleryClient OnFirst, GalleryClient OnSecond)>();
        for (var i = 0; i < 2; i++)
        {
            var onFirst = await first.CreateGalleryClient().SignUpAsync("shared");
            var onSecond = second.CreateGalleryClient();
            Assert.Equal(HttpStatusCode.Redirect, (await onSecond.LoginAsync(onFirst.Email!)).StatusCode);
            people.Add((onFirst, onSecond));
        }
        var perClient = Quota + 2;
        var presigns = people.SelectMany(p => new[] { p.OnFirst, p.OnSecond })
            .SelectMany(client => Enumerable.Range(0, perClient).Select(_ => client.PresignAsync(Request(size: 1000))))
            .ToList();
        var statuses = (await Task.WhenAll(presigns)).Select(r => r.StatusCode).ToList();

        Assert.Equal(2 * Quota, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(2 * (2 * perClient - Quota), statuses.Count(s => s == HttpStatusCode.Conflict));
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        foreach (var (onFirst, onSecond) in people)
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == onFirst.Email);
            Assert.Equal((Quota, Quota * 1000L), (user.ImageCount, user.BytesUsed));
            Assert.Equal(Quota, await db.Images.CountAsync(i => i.OwnerId == user.Id));
            onFirst.Dispose();
            onSecond.Dispose();
        }
    }
}

using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// The one test double here: no real store can be made to go down on cue, so the
// embedded store is wrapped and told to answer as an unreachable S3 would.
public class StorageOutageTests
{
    private sealed class SwitchableStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        public bool Down { get; set; }

        private void ThrowIfDown()
        {
            if (Down) throw new StorageUnavailableException("Storage is down (test).");
        }

        public override Task<StoredObject?> GetInfoAsync(string key, CancellationToken ct) { ThrowIfDown(); return base.GetInfoAsync(key, ct); }
        public override Task<ObjectHead?> ReadHeadAsync(string key, int count, CancellationToken ct) { ThrowIfDown(); return base.ReadHeadAsync(key, count, ct); }
        public override Task DeleteAsync(string key, CancellationToken ct) { ThrowIfDown(); return base.DeleteAsync(key, ct); }
        public override Task<bool> CopyAsync(string sourceKey, string destinationKey, long size, CancellationToken ct) { ThrowIfDown(); return base.CopyAsync(sourceKey, destinationKey, size, ct); }
        public override IAsyncEnumerable<ListedObject> ListAsync(string prefix, CancellationToken ct) { ThrowIfDown(); return base.ListAsync(prefix, ct); }
        public override Task<bool> IsHealthyAsync(CancellationToken ct) => Task.FromResult(!Down);
    }

    [Fact]
    public async Task Complete_Returns503_AndKeepsTheUploadPending_WhenStorageIsDown()
    {
        using var baseFactory = new GalleryFactory();
        SwitchableStore? store = null;
        using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IObjectStore>(sp => store = new SwitchableStore(sp.GetRequiredService<EmbeddedObjectStore>()))));
        using var client = new GalleryClient(factory.CreateClient(new() { BaseAddress = GalleryFactory.BaseAddress, AllowAutoRedirect = false }));
        await client.SignUpAsync();
        var presign = await client.PresignOkAsync(Request(size: TestImages.Jpeg.Length));
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");

        store!.Down = true;
        var problem = await AssertProblemAsync(await client.CompleteAsync(presign.Id), HttpStatusCode.ServiceUnavailable);

        Assert.Contains("try", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            Assert.Equal(ImageStatus.Pending, db.Images.Single(i => i.PublicId == presign.Id).Status);
        }

        store.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
    }
}

using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Security;

// A DELETE of a Pending upload while its complete is copying and checking the objects:
// before, the delete removed the objects and the row under the complete's feet, and the
// copy the complete had just made stayed at the permanent key, stored and counted by no
// one. Now the delete needs the upload's claim like every other transition of a Pending
// row. The complete is held inside its copy (the one place no outside request can pause
// it) by wrapping the embedded store.
public class DeleteDuringCompleteTests
{
    private sealed class GatedStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        public readonly TaskCompletionSource Copying = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<bool> CopyAsync(string sourceKey, string destinationKey, long size, CancellationToken ct)
        {
            var copied = await base.CopyAsync(sourceKey, destinationKey, size, ct);
            Copying.TrySetResult();
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return copied;
        }
    }

    [Fact]
    public async Task Delete_OfAnUploadBeingCompleted_Answers409_AndTheCompletedImageKeepsItsObjectsAndItsCount()
    {
        GatedStore? store = null;
        using var factory = new GalleryFactory().WithServices(s =>
            s.AddSingleton<IObjectStore>(sp => store = new GatedStore(sp.GetRequiredService<EmbeddedObjectStore>())));
        var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var presign = await client.PresignOkAsync(Request(size: TestImages.Jpeg.Length));
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");

        var completing = client.CompleteAsync(presign.Id);
        await store!.Copying.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var delete = await client.DeleteImageAsync(presign.Id);
        store.Release.SetResult();
        var complete = await completing;

        var problem = await AssertProblemAsync(delete, HttpStatusCode.Conflict);
        Assert.Contains("try again", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var image = (await FindImageAsync(factory, presign.Id))!;
        Assert.NotEqual(ImageStatus.Pending, image.Status);
        Assert.Equal(TestImages.Jpeg, await factory.BytesAsync(image.ObjectKey));
        Assert.Equal([image.ObjectKey], await factory.UserKeysAsync(userId));
        var usage = await factory.UsageAsync(userId);
        Assert.Equal(usage.Recounted, usage.Counted);
        Assert.Equal(new StorageProbe.Usage(1, TestImages.Jpeg.Length), usage.Counted);

        // Retried once the complete is done, the owner's DELETE moves it to the trash as usual.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteImageAsync(presign.Id)).StatusCode);
        Assert.Equal(ImageStatus.Trashed, (await FindImageAsync(factory, presign.Id))!.Status);
    }

    [Fact]
    public async Task Delete_OfAPendingUploadNobodyIsCompleting_RemovesItsObjectsAndGivesTheQuotaBack()
    {
        using var factory = new GalleryFactory();
        var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var presign = await client.PresignOkAsync(Request(size: TestImages.Jpeg.Length));
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteImageAsync(presign.Id)).StatusCode);

        Assert.Null(await FindImageAsync(factory, presign.Id));
        Assert.Empty(await factory.UserKeysAsync(userId));
        Assert.Equal(new StorageProbe.Usage(0, 0), (await factory.UsageAsync(userId)).Counted);
        await AssertProblemAsync(await client.CompleteAsync(presign.Id), HttpStatusCode.NotFound);
    }
}

using System.Net;
using System.Text.Json;
using Amazon.S3;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Storage;

// The contract against Ceph's RADOS Gateway, plus what only a bucket has: the CORS
// rule browsers need to post to it, the lifecycle rule, and behaviour when it is down.
public sealed class S3StorageContractTests(S3GalleryFactory factory) : StorageContractTests<S3GalleryFactory>(factory)
{
    private IAmazonS3 S3 => Factory.Services.GetRequiredService<IAmazonS3>();

    [Fact]
    public void UploadForm_PostsToAnAbsoluteBucketUrl()
    {
        var form = Form(NewKey(), "image/jpeg", 100);

        var url = new Uri(form.Url, UriKind.RelativeOrAbsolute);
        Assert.True(url.IsAbsoluteUri);
        Assert.StartsWith(Factory.S3Options.ServiceUrl!.TrimEnd('/') + "/" + Factory.BucketName, form.Url);
    }

    [Fact]
    public void ViewUrl_KeepsTheServiceUrlsScheme()
    {
        var url = Store.GetViewUrl(new ViewUrlRequest(NewKey(), "image/jpeg", "a.jpg", false,
            DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.FromMinutes(1)));

        Assert.Equal(new Uri(Factory.S3Options.ServiceUrl!).Scheme, url.Scheme);
    }

    [Fact]
    public async Task Setup_AppliesTheCorsRule_AndTheLifecycleRule()
    {
        await Store.SetupAsync(CancellationToken.None);

        var cors = (await S3.GetCORSConfigurationAsync(Factory.BucketName)).Configuration.Rules;
        var rule = Assert.Single(cors);
        Assert.Equal(S3GalleryFactory.CorsOrigins.Order(), rule.AllowedOrigins.Order());
        Assert.Equal(["GET", "HEAD", "POST"], rule.AllowedMethods.Order());
        Assert.Contains("ETag", rule.ExposeHeaders);

        var lifecycle = (await S3.GetLifecycleConfigurationAsync(Factory.BucketName)).Configuration.Rules;
        Assert.Equal(2, lifecycle.Count);
        var abort = Assert.Single(lifecycle, r => r.AbortIncompleteMultipartUpload is not null);
        Assert.Equal(LifecycleRuleStatus.Enabled, abort.Status);
        Assert.Equal(1, abort.AbortIncompleteMultipartUpload?.DaysAfterInitiation);
        // Nothing under incoming/ is served; the bucket expires it even if the sweeper never runs.
        var staging = Assert.Single(lifecycle, r => r.Expiration is not null);
        Assert.Equal(LifecycleRuleStatus.Enabled, staging.Status);
        Assert.Equal(1, staging.Expiration.Days);
        Assert.Equal("incoming/", (staging.Filter?.LifecycleFilterPredicate as Amazon.S3.Model.LifecyclePrefixPredicate)?.Prefix ?? staging.Filter?.Prefix);
    }

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_IsAllowed()
    {
        var response = await PreflightAsync("https://gallery.example");

        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins));
        Assert.Equal("https://gallery.example", Assert.Single(origins));
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_IsNotAllowed()
    {
        var response = await PreflightAsync("https://evil.example");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    // What a browser sends before posting the form from the gallery page.
    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var form = Form(NewKey(), "image/jpeg", 100);
        using var request = new HttpRequestMessage(HttpMethod.Options, form.Url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return await TestImages.Direct.SendAsync(request);
    }

    [Fact]
    public async Task Health_Is503Unhealthy_WithinSeconds_WhenTheStoreCannotBeReached()
    {
        using var dead = S3GalleryFactory.Unreachable();
        var client = dead.CreateClient();
        // The storage check gives up after 5 s; a hang would fail here, not pass late.
        client.Timeout = TimeSpan.FromSeconds(15);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("storage").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task Health_IsHealthy_WhenTheBucketIsReady()
    {
        var response = await Factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StoreCalls_ThrowStorageUnavailable_WhenTheStoreCannotBeReached()
    {
        using var dead = S3GalleryFactory.Unreachable();
        var store = dead.Services.GetRequiredService<IObjectStore>();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetInfoAsync("k", CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ReadHeadAsync("k", 16, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.DeleteAsync("k", CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.SetupAsync(CancellationToken.None));
    }
}

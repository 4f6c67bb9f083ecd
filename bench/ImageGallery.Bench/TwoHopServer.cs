using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Http.Features;

namespace ImageGallery.Bench;

// The baseline the design avoids: the browser posts the file to the app, which puts
// it to S3. Deliberately lean (no auth, no database) so the comparison flatters it.
public static class TwoHopServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // Large files too (the multipart bench posts 256 MiB): no body or form limit.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var config = app.Configuration;
        var s3 = new AmazonS3Client(
            new BasicAWSCredentials(config["Storage:S3:AccessKeyId"], config["Storage:S3:SecretAccessKey"]),
            new AmazonS3Config
            {
                ServiceURL = config["Storage:S3:ServiceUrl"],
                ForcePathStyle = true,
                AuthenticationRegion = config["Storage:S3:Region"],
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        var bucket = config["Storage:S3:BucketName"];

        app.MapGet("/health", () => Results.Ok());
        app.MapPost("/upload", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = long.MaxValue });
            var file = form.Files[0];
            await using var stream = file.OpenReadStream();
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = $"two-hop/{Guid.NewGuid():N}",
                InputStream = stream,
                ContentType = file.ContentType,
            });
            return Results.StatusCode(201);
        });
        await app.RunAsync();
    }
}

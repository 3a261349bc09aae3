using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>Builds multipart uploads as the official client sends them (field <c>files</c>) and reads buckets back.</summary>
internal static class BucketUploads
{
    public const string BucketId = "9f3c0a52-5a5e-4b1e-8a43-1f2d3c4b5a69";

    public static (string Name, string ContentType, byte[] Bytes) Text(string name, string text) =>
        (name, "text/plain", Encoding.UTF8.GetBytes(text));

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string bucketId, params (string Name, string ContentType, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent("test-boundary-7f2c");
        foreach (var (name, contentType, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            form.Add(part, "files", name);
        }

        return await client.PostAsync($"/backend-api/v2/files/{bucketId}", form);
    }

    public static async Task<string> UploadJsonAsync(this HttpClient client, string bucketId, params (string Name, string ContentType, byte[] Bytes)[] files)
    {
        using var response = await client.UploadAsync(bucketId, files);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, body);
        return body;
    }

    public static async Task<string> ReadTextAsync(this HttpClient client, string bucketId, string query = "?delete_files=")
    {
        using var response = await client.GetAsync($"/backend-api/v2/files/{bucketId}{query}");
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        return await response.Content.ReadAsStringAsync();
    }

    public static byte[] Png(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// Registers test converters: <c>.fail</c> refuses, <c>.boom</c> crashes, <c>.slow</c> waits until cancelled,
    /// <c>.double</c> writes its text twice; <c>.zip</c> and <c>.upper</c> write it upper-cased, and a zip starting
    /// with "bad" is refused.
    /// </summary>
    public static void AddTestConverters(IServiceCollection services) =>
        services.AddSingleton<IDocumentConverter, TestConverter>();

    private sealed class TestConverter : IDocumentConverter
    {
        public bool CanConvert(string extension, string? contentType) => extension is ".fail" or ".boom" or ".slow" or ".upper" or ".zip" or ".double";

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            switch (Path.GetExtension(input.FileName))
            {
                case ".fail":
                    throw new DocumentConversionException("The document is encrypted");
                case ".boom":
                    throw new InvalidOperationException("/secret/server/path exploded");
                case ".slow":
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    break;
                default:
                    using (var reader = new StreamReader(input.Content))
                    {
                        var text = (await reader.ReadToEndAsync(cancellationToken)).ToUpperInvariant();
                        if (text.StartsWith("BAD", StringComparison.Ordinal))
                        {
                            throw new DocumentConversionException("The archive is broken");
                        }

                        await output.WriteAsync(text);
                        if (input.FileName.EndsWith(".double", StringComparison.Ordinal))
                        {
                            await output.WriteAsync(text);
                        }
                    }

                    break;
            }
        }
    }
}

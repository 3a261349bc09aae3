using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>Uploads that fail halfway: the disk, the client or a converter; nothing is left behind or hidden.</summary>
public sealed class BucketFailureTests
{
    private const string DiskFailure = """{"error":{"message":"Storing the upload failed"}}""";

    private const string MoveFailure = $$"""{"error":{"message":"Storing the upload failed"},"bucket_id":"{{BucketId}}","files":["a.txt.md"],"media":[],"errors":[{"name":"b.txt","message":"Storing this file failed"},{"name":"c.txt","message":"Storing this file failed"}]}""";

    [Fact]
    public async Task A_disk_error_while_staging_is_500_without_a_path()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        Directory.CreateDirectory(factory.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(factory.DataDirectory, ".staging"), "a file where the staging folder belongs");

        using var response = await client.UploadAsync(BucketId, Text("a.txt", "alpha"));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be(DiskFailure);
    }

    [Fact]
    public async Task A_move_that_fails_midway_answers_500_listing_what_was_stored()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        Directory.CreateDirectory(Path.Combine(folder, "b.txt.md")); // the second move hits a folder

        using var response = await client.UploadAsync(BucketId, Text("a.txt", "alpha"), Text("b.txt", "beta"), Text("c.txt", "gamma"));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be(MoveFailure);
        File.ReadAllText(Path.Combine(folder, "documents.txt")).Should().Be("a.txt.md\n", "a moved document is listed, never hidden");
        File.ReadAllText(Path.Combine(folder, "files.txt")).Should().Be("a.txt.md\n");
        (await client.ReadTextAsync(BucketId)).Should().Be("<!-- File: a.txt.md -->\nalpha\n<-- End -->\n\n");
        File.Exists(Path.Combine(folder, "c.txt.md")).Should().BeFalse("a disk that failed once is not asked again");
        Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_move_is_reported_and_logged_not_the_failure_of_the_bookkeeping_after_it()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        Directory.CreateDirectory(Path.Combine(folder, "b.txt.md")); // the second move hits a folder...
        Directory.CreateDirectory(Path.Combine(folder, "documents.txt")); // ...and so does the document list written after it

        using var response = await client.UploadAsync(BucketId, Text("a.txt", "alpha"), Text("b.txt", "beta"), Text("c.txt", "gamma"));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be(MoveFailure);
        var logged = factory.Logs.GetSnapshot().Where(r => r.Exception is not null).Select(r => r.Exception!.Message).Should().ContainSingle().Subject;
        logged.Should().Contain("b.txt.md").And.NotContain("documents.txt");
    }

    [Fact]
    public async Task A_body_that_breaks_off_mid_file_is_400_and_leaves_no_staging()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        factory.CreateClient();
        var head = Encoding.ASCII.GetBytes("--cut\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.md\"\r\nContent-Type: text/markdown\r\n\r\n");

        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = $"/backend-api/v2/files/{BucketId}";
            c.Request.ContentType = "multipart/form-data; boundary=cut";
            c.Request.Body = new BreakingStream([.. head, .. new byte[300_000]]);
        });

        context.Response.StatusCode.Should().Be(StatusCodes.Status400BadRequest);
        Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty("the half-staged file is removed");
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Should().BeFalse();
    }

    [Fact]
    public async Task Staging_leftovers_of_a_crashed_process_are_removed_on_first_use()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var staging = Path.Combine(factory.DataDirectory, ".staging");
        var old = Directory.CreateDirectory(Path.Combine(staging, "old")).FullName;
        var stale = Path.Combine(old, "0000.upload");
        await File.WriteAllTextAsync(stale, "left by a crash");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));
        var fresh = Directory.CreateDirectory(Path.Combine(staging, "fresh")).FullName;

        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"));

        Directory.Exists(old).Should().BeFalse();
        Directory.Exists(fresh).Should().BeTrue("a folder touched recently may belong to an upload still running");
    }

    [Fact]
    public async Task A_converter_that_ignores_cancellation_is_stopped_at_its_next_write()
    {
        var stubborn = new StubbornConverter();
        await using var factory = new BackendFactory(
            new Dictionary<string, string?> { ["G4F:Buckets:ConversionTimeout"] = "00:00:00.200" },
            services => services.AddSingleton<IDocumentConverter>(stubborn));
        var client = factory.CreateClient();

        var body = JObject.Parse(await client.UploadJsonAsync(BucketId, Text("forever.stubborn", "x")));

        body["errors"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[{"name":"forever.stubborn","message":"The file took too long to convert"}]""");
        (await stubborn.Stopped.Task.WaitAsync(TimeSpan.FromMinutes(1))).Should().BeAssignableTo<OperationCanceledException>();
        Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty();
    }

    // Ignores its token and writes until the writer refuses; reports what stopped it.
    private sealed class StubbornConverter : IDocumentConverter
    {
        public TaskCompletionSource<Exception> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CanConvert(string extension, string? contentType) => extension == ".stubborn";

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await output.WriteAsync("still converting\n");
                    Thread.Sleep(1);
                }
            }
            catch (Exception ex)
            {
                Stopped.TrySetResult(ex);
                throw;
            }
        }
    }

    // A request body that ends in a connection reset after its bytes.
    private sealed class BreakingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The connection was reset");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("The connection was reset");
        }
    }
}

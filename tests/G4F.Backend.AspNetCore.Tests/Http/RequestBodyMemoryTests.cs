using System.Net;
using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Http;

/// <summary>
/// The byte limit alone does not bound what a JSON body holds: 16 MiB of <c>[0,0,…]</c> is eight million values, and
/// read as nodes and walked by the turn they held 450-830 MiB live. The value budget (<c>G4F:MaxRequestJsonValues</c>)
/// refuses such a body before any node is built, and a body within it holds memory in proportion to its bytes. The
/// live heap is weighed, so the class runs alone (<see cref="HeapMeasuringCollection"/>).
/// </summary>
[Collection(nameof(HeapMeasuringCollection))]
public sealed class RequestBodyMemoryTests(ITestOutputHelper output)
{
    private const int BodyBytes = 16 * 1024 * 1024 - 200;

    // The default of G4F:MaxRequestJsonValues; the bodies "at the budget" hold just fewer values.
    private const int DefaultBudget = 200_000;

    public static TheoryData<string, string> Bodies() => new()
    {
        { "/v1/chat/completions", "zeros" },
        { "/backend-api/v2/conversation", "zeros" },
        { "/backend-api/v2/conversation", "messages" },
    };

    public static TheoryData<string, string> BodiesAtTheBudget() => new()
    {
        { "/v1/chat/completions", "zeros" },
        { "/v1/chat/completions", "messages" },
        { "/backend-api/v2/conversation", "zeros" },
        { "/backend-api/v2/conversation", "messages" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_within_the_limit_holds_memory_in_proportion_to_its_bytes(string path, string shape)
    {
        var (held, status) = await HeldWhileAnsweringAsync(path, Body(shape, BodyBytes));

        // Measured before the budget: about 790 MiB live for "zeros" on either route, 450 MiB for "messages". Now the
        // request holds its 16 MiB buffer (and the test its 16 MiB body), about 20 MiB.
        held.Should().BeLessThan(128, $"a 16 MiB body ({shape}, answered {status}) must not hold many times its size in live memory");
        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(BodiesAtTheBudget))]
    public async Task A_body_at_the_value_budget_is_read_with_a_bounded_heap_and_one_value_more_is_413(string path, string shape)
    {
        var (held, status) = await HeldWhileAnsweringAsync(path, BodyOfValues(shape, DefaultBudget));
        var (_, past) = await HeldWhileAnsweringAsync(path, BodyOfValues(shape, DefaultBudget + 3));

        // Read and turned into a request: the upstream refuses the connection, so the answer is the turn's own. Measured:
        // about 60 MiB live for 66,664 messages (2.6 MiB of JSON), about 22 MiB for 200,000 zeros.
        status.Should().NotBe(HttpStatusCode.RequestEntityTooLarge);
        held.Should().BeLessThan(256, $"a body of {DefaultBudget} values ({shape}, answered {status}) must hold a bounded heap");
        past.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    private async Task<(long HeldMiB, HttpStatusCode Status)> HeldWhileAnsweringAsync(string path, byte[] body)
    {
        // An upstream that refuses the connection: nothing in this process keeps a copy of what would be sent, so
        // what is measured is the backend's own reading of the body.
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", "http://127.0.0.1:1/v1", "sk-x"));
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        using (await client.PostAsync(path, Json("""{"model":"fake-model","messages":[{"role":"user","content":"warm"}]}""")))
        {
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Live objects only: a full collection before each sample, so garbage not yet collected does not count.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(20);
            }
        });

        using var response = await client.PostAsync(path, Json(body));
        await response.Content.ReadAsStringAsync();
        await stop.CancelAsync();
        await sampler;
        var held = (peak - baseline) / (1024 * 1024);
        output.WriteLine($"{path}: {body.Length} bytes, answered {(int)response.StatusCode}, {held} MiB held");
        return (held, response.StatusCode);
    }

    private static ByteArrayContent Json(string json) => Json(Encoding.UTF8.GetBytes(json));

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    // A body of about size bytes: a message whose content is an array of zeros, or many empty messages.
    private static byte[] Body(string shape, int size)
    {
        var builder = new StringBuilder(size + 100);
        switch (shape)
        {
            case "zeros":
                builder.Append("""{"model":"fake-model","messages":[{"role":"user","content":"hi"},{"role":"user","content":[0""");
                while (builder.Length < size)
                {
                    builder.Append(",0");
                }

                builder.Append("]}]}");
                break;
            default:
                builder.Append("""{"model":"fake-model","messages":[{"role":"user","content":"hi"}""");
                while (builder.Length < size)
                {
                    builder.Append(""",{"role":"user","content":""}""");
                }

                builder.Append("]}");
                break;
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    // The same shapes with at most the given values, at most three fewer: the root, "model", "messages" and the first
    // message (three) are six; the second message of "zeros" is three before its zeros; every further message of
    // "messages" is three.
    private static byte[] BodyOfValues(string shape, int values)
    {
        var builder = new StringBuilder();
        if (shape == "zeros")
        {
            builder.Append("""{"model":"fake-model","messages":[{"role":"user","content":"hi"},{"role":"user","content":[0""");
            builder.Insert(builder.Length, ",0", values - 10);
            builder.Append("]}]}");
        }
        else
        {
            builder.Append("""{"model":"fake-model","messages":[{"role":"user","content":"hi"}""");
            builder.Insert(builder.Length, """,{"role":"user","content":"Hello there"}""", (values - 6) / 3);
            builder.Append("]}");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}

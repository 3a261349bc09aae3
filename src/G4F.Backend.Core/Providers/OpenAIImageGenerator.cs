using System.Net.Http.Headers;
using System.Text.Json;
using G4F.Backend.Downloads;

namespace G4F.Backend.Providers;

/// <summary>
/// OpenAI's image endpoint: <c>POST {BaseUrl}/images/generations</c> with <c>model</c>, <c>prompt</c>, <c>n</c> 1 and the
/// <c>size</c> the aspect ratio maps to (<see cref="ImageSizeMapping"/>). The answer's <c>data[].url</c> are passed on,
/// <c>data[].b64_json</c> become data URIs. Transport, key, time limits and error mapping are the chat's.
/// </summary>
internal sealed class OpenAIImageGenerator
{
    /// <summary>
    /// The largest answer: one base64 image of up to about 24 MiB. The whole document is parsed in memory, so this is
    /// larger than a model list may be, and no larger than an honest image needs.
    /// </summary>
    internal const int MaxResponseBytes = 32 * 1024 * 1024;

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    private readonly string _providerName;
    private readonly ProviderOptions _options;
    private readonly UpstreamTransport _transport;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _url;

    public OpenAIImageGenerator(string providerName, ProviderOptions options, UpstreamTransport transport, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BaseUrl);
        _providerName = providerName;
        _options = options;
        _transport = transport;
        _timeProvider = timeProvider;
        _url = new Uri(options.BaseUrl.TrimEnd('/') + "/images/generations");
    }

    /// <summary>Whether <paramref name="model"/> is one of the provider's image models (case-insensitive).</summary>
    public bool Serves(string? model) => model is not null && _options.ImageModels.Contains(model, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Generates the image for <paramref name="prompt"/> and returns its URLs (http URLs or data URIs). An exact
    /// <paramref name="size"/> is sent as it is; without it the size <paramref name="aspectRatio"/> maps to.
    /// </summary>
    /// <exception cref="ProviderException">The upstream failed, or answered without an image.</exception>
    public async Task<IReadOnlyList<string>> GenerateAsync(string model, string prompt, string? aspectRatio, string? size, string? apiKey, CancellationToken cancellationToken)
    {
        using var timeouts = new UpstreamTimeouts(_options.Timeouts, _timeProvider, cancellationToken);
        var body = (model, prompt, size: string.IsNullOrWhiteSpace(size) ? ImageSizeMapping.SizeFor(aspectRatio, _options.ImageSizes) : size.Trim());
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = JsonRequestContent.Create(body, static (writer, b) => Write(writer, b.model, b.prompt, b.size)) };
        request.Headers.Accept.Add(Json);
        _transport.Authorize(request, apiKey);
        using var response = await _transport.SendAsync(request, apiKey, timeouts, cancellationToken).ConfigureAwait(false);
        using var document = await _transport.ReadJsonAsync(response, timeouts, cancellationToken, MaxResponseBytes).ConfigureAwait(false);
        var images = Read(document.RootElement);
        return images.Count > 0
            ? images
            : throw _transport.Fail(new ProviderException("ResponseError", $"{_providerName} answered without an image"));
    }

    private static List<string> Read(JsonElement root)
    {
        var images = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return images;
        }

        var format = root.TryGetProperty("output_format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (item.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String && url.GetString() is { Length: > 0 } link)
            {
                images.Add(link);
            }
            else if (item.TryGetProperty("b64_json", out var b64) && b64.ValueKind == JsonValueKind.String && b64.GetString() is { Length: > 0 } base64)
            {
                images.Add($"data:{TypeOf(base64, format)};base64,{base64}");
            }
        }

        return images;
    }

    // The bytes name the type (gpt-image-1 may answer JPEG or WebP); else the answer's output_format; else PNG, DALL-E's.
    private static string TypeOf(string base64, string? outputFormat)
    {
        var head = base64.Length > 88 ? base64[..88] : base64;
        var bytes = new byte[66];
        if (Convert.TryFromBase64String(head, bytes, out var written) && MediaSniffer.Sniff(bytes.AsSpan(0, written)) is { } sniffed)
        {
            return sniffed;
        }

        return outputFormat?.ToLowerInvariant() switch
        {
            "jpeg" or "jpg" => "image/jpeg",
            "webp" => "image/webp",
            _ => "image/png",
        };
    }

    private static void Write(Utf8JsonWriter writer, string model, string prompt, string? size)
    {
        writer.WriteStartObject();
        writer.WriteString("model", model);
        writer.WriteString("prompt", prompt);
        writer.WriteNumber("n", 1);
        if (size is not null)
        {
            writer.WriteString("size", size);
        }

        writer.WriteEndObject();
    }
}

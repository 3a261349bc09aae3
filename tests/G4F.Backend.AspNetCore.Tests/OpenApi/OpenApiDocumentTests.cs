using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.OpenApi;

/// <summary>
/// The sample's <c>/openapi/v1.json</c>: every route the backend maps (read from the host's own endpoint data sources, so a
/// new route cannot be forgotten) is described with its methods, and every JSON answer has a schema.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly BackendFactory _factory = new(new Dictionary<string, string?>());

    [Fact]
    public async Task Every_described_route_of_the_host_is_in_the_document_with_its_methods()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();

        var routes = DescribedRoutes();
        routes.Should().Contain(r => r.Path == "/backend-api/v2/conversation", "the API's routes are among them");
        foreach (var (path, method) in routes)
        {
            paths.Should().ContainKey(path, $"{method} {path} is mapped");
            paths[path]!.AsObject().Should().ContainKey(method.ToLowerInvariant(), $"{method} {path} is mapped");
        }

        // Nothing described that the host does not serve, and the web client's file routes are left out.
        var described = paths.SelectMany(p => p.Value!.AsObject().Select(m => (Path: p.Key, Method: m.Key.ToUpperInvariant()))).ToList();
        described.Should().BeEquivalentTo(routes);
        paths.Select(p => p.Key).Should().NotContain(p => p.StartsWith("/chat", StringComparison.Ordinal) || p.StartsWith("/dist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_JSON_answer_has_a_schema_and_every_operation_a_name()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();
        var jsonAnswers = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                if (operation["operationId"] is null || operation["summary"] is null)
                {
                    missing.Add($"{method} {path}: operationId or summary");
                }

                foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
                {
                    if (response!["content"]?["application/json"] is { } json)
                    {
                        jsonAnswers++;
                        if (json["schema"] is null)
                        {
                            missing.Add($"{method} {path} {status}: response schema");
                        }
                    }
                }

                if (operation["requestBody"]?["content"]?["application/json"] is { } body && body["schema"] is null)
                {
                    missing.Add($"{method} {path}: request schema");
                }
            }
        }

        missing.Should().BeEmpty();
        jsonAnswers.Should().BeGreaterThan(15, "the JSON routes declare what they answer");
        document["paths"]!["/backend-api/v2/conversation"]!["post"]!["responses"]!["200"]!["content"]!.AsObject().Should().ContainKey("text/event-stream");
    }

    [Fact]
    public async Task Every_route_declares_a_JSON_answer_and_a_route_whose_handler_answers_JSON_declares_its_success()
    {
        // The check above only looks at answers already declared as JSON: a route that declares none (TypedResults.Json
        // adds no response metadata) slipped through it with an empty 200.
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject();
        var missing = new List<string>();
        foreach (var (path, method, returnType) in DescribedRoutesWithAnswers())
        {
            var responses = paths[path]?[method.ToLowerInvariant()]?["responses"]?.AsObject() ?? [];
            if (!responses.Any(r => r.Value?["content"]?["application/json"]?["schema"] is not null))
            {
                // Every route of the backend answers JSON, its errors at the least.
                missing.Add($"{method} {path}: no JSON answer declared");
            }

            // A handler typed to answer only the error envelope (/public-key: never a success) is checked above.
            if (AnswersJson(returnType) && !AnswersOnlyErrors(returnType) && responses["200"]?["content"]?["application/json"]?["schema"] is null)
            {
                missing.Add($"{method} {path}: its handler answers {returnType.Name} but 200 declares no JSON schema");
            }
        }

        missing.Should().BeEmpty();
    }

    [Fact]
    public async Task The_model_list_declares_OpenAIs_list_shape()
    {
        var schema = (await DocumentAsync())["paths"]!["/v1/models"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

        var properties = Resolve(await DocumentAsync(), schema)["properties"]!.AsObject();
        properties.Should().ContainKeys("object", "data");
    }

    [Fact]
    public async Task The_chat_completion_declares_a_completion_whole_a_chunk_streamed_and_each_error_status()
    {
        var document = await DocumentAsync();
        var responses = document["paths"]!["/v1/chat/completions"]!["post"]!["responses"]!;

        // A whole completion's choice has a message, a chunk's choice a delta.
        ChoiceProperties(document, responses["200"]!["content"]!["application/json"]!["schema"]!).Should().ContainKey("message");
        ChoiceProperties(document, responses["200"]!["content"]!["text/event-stream"]!["schema"]!).Should().ContainKey("delta").And.NotContainKey("message");
        foreach (var status in new[] { "400", "401", "404", "413", "415", "429", "502" })
        {
            var error = responses[status]?["content"]?["application/json"]?["schema"];
            error.Should().NotBeNull($"a {status} can come, in OpenAI's error shape");
            Resolve(document, error!)["properties"]!.AsObject().Should().ContainKey("error");
        }
    }

    private static JsonObject ChoiceProperties(JsonObject document, JsonNode schema) =>
        Resolve(document, Resolve(document, schema)["properties"]!["choices"]!["items"]!)["properties"]!.AsObject();

    [Theory]
    [InlineData("/backend-api/v2/conversation", "messages", "text/event-stream")]
    [InlineData("/v1/chat/completions", "messages", "application/json")] // keyed relative to its mount (/v1): the prefix is taken off
    [InlineData("/backend-api/v2/memory/{user_id}", "items", "application/json")]
    [InlineData("/backend-api/v2/usage", "prompt_tokens", "application/json")]
    [InlineData("/backend-api/v2/chat/{shareId}", "updated", "application/json")]
    public async Task JSON_routes_describe_their_request_body_and_their_answer(string path, string property, string answer)
    {
        var document = await DocumentAsync();
        var operation = document["paths"]![path]!["post"]!;

        var request = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        request.Should().NotBeNull($"POST {path} takes a JSON body");
        request!["type"]!.GetValue<string>().Should().Be("object");
        request["properties"]!.AsObject().Should().ContainKey(property);
        operation["responses"]!["200"]!["content"]![answer]!["schema"].Should().NotBeNull($"POST {path} answers {answer}");
        operation["responses"]!["400"]!["content"]!["application/json"]!["schema"].Should().NotBeNull("errors are JSON");
    }

    [Fact]
    public async Task The_speech_route_describes_its_JSON_request_and_answers_audio()
    {
        var operation = (await DocumentAsync())["paths"]!["/v1/audio/speech"]!["post"]!;

        operation["requestBody"]!["content"]!["application/json"]!["schema"]!["properties"]!.AsObject().Should().ContainKeys("input", "voice", "provider");
        operation["requestBody"]!["content"]!["application/json"]!["schema"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("input");
        operation["responses"]!["200"]!["content"]!.AsObject().Should().ContainKey("audio/mpeg");
    }

    [Fact]
    public async Task Form_routes_describe_their_parts_and_the_conversation_takes_both()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!;

        paths["/backend-api/v2/conversation"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["properties"]!.AsObject()
            .Should().ContainKeys("json", "files");
        paths["/backend-api/v2/files/{bucketId}"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["properties"]!.AsObject()
            .Should().ContainKey("files");
        paths["/backend-api/v2/upload_cookies"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["properties"]!.AsObject()
            .Should().ContainKey("file");
        paths["/backend-api/v2/models"]!["get"]!["requestBody"].Should().BeNull("a GET takes no body");
    }

    private async Task<JsonObject> DocumentAsync()
    {
        var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    // Every route-handler endpoint with HTTP methods that is not excluded from the description, as OpenAPI names its path.
    private List<(string Path, string Method)> DescribedRoutes()
    {
        _factory.CreateClient().Dispose();
        var endpoints = _factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        return
        [
            .. endpoints
                .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
                .Where(e => e.Metadata.GetMetadata<System.Reflection.MethodInfo>() is not null)
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: OpenApiPath(e.RoutePattern), Method: m)))
                .Distinct(),
        ];
    }

    // The described routes with what their handler is declared to return (Task<T> unwrapped).
    private List<(string Path, string Method, Type ReturnType)> DescribedRoutesWithAnswers()
    {
        _factory.CreateClient().Dispose();
        var endpoints = _factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        return
        [
            .. endpoints
                .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
                .Where(e => e.Metadata.GetMetadata<System.Reflection.MethodInfo>() is not null)
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                    .Select(m => (Path: OpenApiPath(e.RoutePattern), Method: m, ReturnType: Unwrap(e.Metadata.GetMetadata<System.Reflection.MethodInfo>()!.ReturnType))))
                .Distinct(),
        ];
    }

    private static Type Unwrap(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)) ? type.GetGenericArguments()[0] : type;

    // A handler typed to answer JSON: TypedResults.Json or Ok of a value, or typed Results with one of them.
    private static bool AnswersJson(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<>)
            || type.GetGenericTypeDefinition() == typeof(Microsoft.AspNetCore.Http.HttpResults.Ok<>)
            || (type.Namespace == "Microsoft.AspNetCore.Http.HttpResults" && type.Name.StartsWith("Results`", StringComparison.Ordinal) && type.GetGenericArguments().Any(AnswersJson)));

    private static bool AnswersOnlyErrors(Type type) =>
        type == typeof(Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<G4F.Backend.AspNetCore.Http.ErrorEnvelope>);

    private static JsonNode Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    private static string OpenApiPath(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));

    public void Dispose() => _factory.Dispose();
}

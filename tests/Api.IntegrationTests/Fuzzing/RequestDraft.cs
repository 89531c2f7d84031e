using System.Text;
using System.Text.Json.Nodes;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>A request being built: a plausible one first, then changed by one mutation.</summary>
public sealed class RequestDraft
{
    /// <summary>Stands for a raw JSON token (e.g. NaN) in place of a string value, replaced after serialising.</summary>
    public const string RawToken = "@@fuzz-raw-token@@";

    /// <summary>Stands for raw bytes inside a string value (e.g. invalid UTF-8), replaced after serialising.</summary>
    public const string RawBytes = "@@fuzz-raw-bytes@@";

    public required string Method { get; set; }
    public required string Path { get; set; }
    /// <summary>Query parameters, names and values already percent-encoded.</summary>
    public List<KeyValuePair<string, string>> Query { get; } = [];
    public JsonNode? Json { get; set; }
    /// <summary>A body that is not (only) the JSON above: a form, text, or bytes.</summary>
    public byte[]? RawBody { get; set; }
    public string? ContentType { get; set; }
    public bool Chunked { get; set; }
    public List<KeyValuePair<string, string>> Headers { get; } = [];
    public HashSet<int> KestrelRefusals { get; } = [];
    public bool MayCloseConnection { get; set; }
    /// <summary>What <see cref="RawToken"/> becomes.</summary>
    public string? Token { get; set; }
    /// <summary>What <see cref="RawBytes"/> becomes.</summary>
    public byte[]? Bytes { get; set; }

    public bool HasJsonBody => Json is not null || RawBody is null && ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    public string Target => Query.Count == 0 ? Path : Path + "?" + string.Join('&', Query.Select(q => q.Key + "=" + q.Value));

    public byte[]? Body()
    {
        if (RawBody is not null) return RawBody;
        if (Json is null) return null;
        var text = Json.ToJsonString();
        if (Token is not null) text = text.Replace("\"" + RawToken + "\"", Token, StringComparison.Ordinal);
        if (Bytes is null) return Encoding.UTF8.GetBytes(text);
        var parts = text.Split(RawBytes);
        using var body = new MemoryStream();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) body.Write(Bytes);
            body.Write(Encoding.UTF8.GetBytes(parts[i]));
        }
        return body.ToArray();
    }

    /// <summary>Every value in the JSON body with the place that holds it (not the root).</summary>
    public List<JsonSlot> Slots()
    {
        var slots = new List<JsonSlot>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                    {
                        slots.Add(new JsonSlot(obj, key, -1, value));
                        Walk(value);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        slots.Add(new JsonSlot(array, null, i, array[i]));
                        Walk(array[i]);
                    }
                    break;
            }
        }
        Walk(Json);
        return slots;
    }

    public FuzzRequest Build(int index, FuzzOperation operation, string mutation, bool anonymous)
    {
        var body = Body();
        return new FuzzRequest
        {
        Index = index,
        Operation = operation,
        Mutation = mutation,
        Anonymous = anonymous,
        Method = Method,
        Target = Target,
        Body = body,
        ContentType = ContentType,
        Chunked = Chunked,
        Headers = [.. Headers],
        KestrelRefusals = KestrelRefusals,
        // Any body over the limit, not only a chunked one: the client waits only a second for the
        // 100 Continue it asked for, then uploads anyway; on a busy machine the refusal (413, or a 401
        // for an anonymous caller) comes later and Kestrel closes the connection under the upload.
        MayCloseConnection = MayCloseConnection || body?.Length > global::ApiComposition.MaxRequestBodyBytes,
        };
    }
}

/// <summary>A value in a JSON body and where it sits, so a mutation can replace it.</summary>
public sealed record JsonSlot(JsonNode Parent, string? Key, int Index, JsonNode? Value)
{
    public string? Name => Key;

    public void Set(JsonNode? value)
    {
        if (Parent is JsonObject obj) obj[Key!] = value;
        else ((JsonArray)Parent)[Index] = value;
    }
}

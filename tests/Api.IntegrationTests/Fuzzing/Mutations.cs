using System.Text;
using System.Text.Json.Nodes;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>The catalogue of mutations, each named in a failure so the kind of input is plain.</summary>
public static class Mutations
{
    private static bool Always(FuzzOperation operation, RequestDraft draft) => true;
    private static bool JsonBody(FuzzOperation operation, RequestDraft draft) => draft.Json is not null;
    private static bool JsonFields(FuzzOperation operation, RequestDraft draft) => draft.Json is JsonObject { Count: > 0 } || draft.Json is JsonArray { Count: > 0 };
    private static bool PathIds(FuzzOperation operation, RequestDraft draft) => operation.PathParameters.Count > 0;
    private static bool QueryParameters(FuzzOperation operation, RequestDraft draft) => operation.QueryParameters.Count > 0;

    public static readonly IReadOnlyList<Mutation> All =
    [
        new("plausible", 6, Always, _ => { }),
        new("truncated-json", 3, JsonBody, TruncatedJson),
        new("trailing-garbage", 2, JsonBody, TrailingGarbage),
        new("byte-order-mark", 1, JsonBody, ByteOrderMark),
        new("deep-nesting", 3, Always, DeepNesting),
        new("wrong-type", 6, JsonFields, WrongType),
        new("huge-string", 2, JsonFields, HugeString),
        new("body-over-limit", 2, Always, BodyOverLimit),
        new("invalid-utf8", 4, JsonFields, InvalidUtf8),
        new("lone-surrogate", 3, JsonFields, LoneSurrogate),
        new("control-characters", 3, JsonFields, ControlCharacters),
        new("unknown-enum-value", 3, JsonFields, UnknownEnumValue),
        new("boundary-number", 5, JsonFields, BoundaryNumber),
        new("duplicate-key", 2, JsonFields, DuplicateKey),
        new("missing-field", 2, JsonFields, MissingField),
        new("unknown-field", 1, JsonFields, UnknownField),
        new("json-scalar-body", 2, Always, JsonScalarBody),
        new("empty-body", 2, Always, EmptyBody),
        new("bad-path-id", 8, PathIds, BadPathId),
        new("bad-query-value", 6, QueryParameters, BadQueryValue),
        new("unknown-query", 1, Always, UnknownQuery),
        new("long-query", 2, Always, LongQuery),
        new("content-type", 5, Always, WrongContentType),
        new("charset", 2, JsonBody, WrongCharset),
        new("huge-header", 2, Always, HugeHeader),
        new("many-headers", 1, Always, ManyHeaders),
        new("odd-headers", 3, Always, OddHeaders),
        new("wrong-method", 2, Always, WrongMethod),
    ];

    public static Mutation Pick(FuzzOperation operation, RequestDraft draft, Random random)
    {
        var candidates = All.Where(m => m.AppliesTo(operation, draft)).ToList();
        var ticket = random.Next(candidates.Sum(m => m.Weight));
        foreach (var mutation in candidates)
        {
            if (ticket < mutation.Weight) return mutation;
            ticket -= mutation.Weight;
        }
        return candidates[^1];
    }

    private static void TruncatedJson(MutationContext c)
    {
        var body = c.Draft.Body()!;
        c.Draft.RawBody = body[..c.Random.Next(Math.Max(body.Length - 1, 1))];
    }

    private static void TrailingGarbage(MutationContext c) =>
        c.Draft.RawBody = [.. c.Draft.Body()!, .. Encoding.UTF8.GetBytes(c.Pick(["}", "]", ",", "x", " {\"a\":1}", "\0", "//", "/* c */", "\n\n{}", ",}"]))];

    private static void ByteOrderMark(MutationContext c) =>
        c.Draft.RawBody = [0xEF, 0xBB, 0xBF, .. c.Draft.Body()!];

    private static void DeepNesting(MutationContext c)
    {
        var depth = c.Pick([65, 100, 1_000, 5_000, 20_000]);
        var (open, close) = c.Pick([("[", "]"), ("{\"a\":", "}"), ("[{\"a\":", "}]")]);
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var slots = c.Draft.Slots();
        if (slots.Count > 0 && c.Random.Next(2) == 0)
        {
            c.Pick(slots).Set(RequestDraft.RawToken);
            c.Draft.Token = nested;
        }
        else
        {
            c.Draft.RawBody = Encoding.UTF8.GetBytes(nested);
        }
        c.Draft.ContentType ??= "application/json";
    }

    private static readonly string[] OtherTypes = ["123", "-1", "0.5", "true", "false", "null", "\"text\"", "\"\"", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[]}}", "\"2024-13-45T25:61:00Z\"", "\"00000000-0000-0000-0000-000000000000\""];

    private static void WrongType(MutationContext c)
    {
        c.Pick(c.Draft.Slots()).Set(RequestDraft.RawToken);
        c.Draft.Token = c.Pick(OtherTypes);
    }

    private static void HugeString(MutationContext c)
    {
        // Under the 1 MiB body limit (reaches validation) or just over it (413).
        var length = c.Pick([10_000, 100_000, 1_000_000, 1_048_576]);
        c.Pick(c.Draft.Slots()).Set(JsonValue.Create(string.Concat(Enumerable.Repeat(c.Pick(["x", "é", "😀"]), c.Random.Next(2) == 0 ? length : length / 4))));
    }

    private static void BodyOverLimit(MutationContext c)
    {
        var size = 1024 * 1024 + c.Random.Next(1, 64 * 1024);
        var filler = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', size) + "\"}");
        c.Draft.RawBody = filler;
        c.Draft.ContentType ??= "application/json";
        c.Draft.Chunked = c.Random.Next(2) == 0;
        c.Draft.MayCloseConnection = c.Draft.Chunked;
    }

    private static readonly byte[][] InvalidUtf8Sequences =
    [
        [0xFF], [0xFE, 0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static void InvalidUtf8(MutationContext c)
    {
        var strings = StringSlots(c);
        if (strings.Count > 0 && c.Random.Next(4) > 0)
        {
            var slot = c.Pick(strings);
            slot.Set(JsonValue.Create(slot.Value!.GetValue<string>() + RequestDraft.RawBytes));
        }
        else
        {
            c.Pick(c.Draft.Slots()).Set(JsonValue.Create(RequestDraft.RawBytes));
        }
        c.Draft.Bytes = c.Pick(InvalidUtf8Sequences);
    }

    private static void LoneSurrogate(MutationContext c)
    {
        var slot = c.Pick(StringSlotsOrAny(c));
        slot.Set(RequestDraft.RawToken);
        c.Draft.Token = "\"" + c.Pick(["\\uD800", "\\uDFFF", "a\\uD83D", "\\uDE00b", "\\uD800\\uD800", "\\uDBFF\\u0041"]) + "\"";
    }

    private static void ControlCharacters(MutationContext c)
    {
        var slot = c.Pick(StringSlotsOrAny(c));
        if (c.Random.Next(3) == 0)
        {
            // Unescaped control characters are not JSON at all.
            slot.Set(JsonValue.Create("x" + RequestDraft.RawBytes + "y"));
            c.Draft.Bytes = [(byte)c.Random.Next(0, 0x20)];
        }
        else
        {
            slot.Set(RequestDraft.RawToken);
            c.Draft.Token = "\"" + c.Pick(["\\u0000", "a\\u0007b", "\\u001b[31mred", "\\u007f", "\\u0085", "\\u2028\\u2029", "\\u200b", "\\ufeff", "\\ufffe", "\\u0008"]) + "\"";
        }
    }

    private static void UnknownEnumValue(MutationContext c)
    {
        c.Pick(c.Draft.Slots()).Set(RequestDraft.RawToken);
        c.Draft.Token = c.Pick(["\"no_such_value\"", "\"ADMIN\"", "\"Admin\"", "\" admin\"", "\"admin \"", "0", "7", "-1", "\"1\"", "\"kpi-range\"", "\"scenario.*\"", "\"\""]);
    }

    private static readonly string[] BoundaryNumbers =
    [
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "-1", "0", "-0", "1.5", "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity", "1E+2", "00012", "0x10", "4.9e-324", "1.7976931348623157e308",
        "79228162514264337593543950336", "123456789012345678901234567890.5", "1.0",
    ];

    private static void BoundaryNumber(MutationContext c)
    {
        var numbers = c.Draft.Slots().Where(s => s.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToList();
        c.Pick(numbers.Count > 0 && c.Random.Next(4) > 0 ? numbers : c.Draft.Slots()).Set(RequestDraft.RawToken);
        c.Draft.Token = c.Pick(BoundaryNumbers);
    }

    private static void DuplicateKey(MutationContext c)
    {
        var text = c.Draft.Json!.ToJsonString();
        var fields = c.Draft.Slots().Where(s => s.Key is not null && s.Parent == c.Draft.Json).ToList();
        if (fields.Count == 0 || text.Length < 2 || text[0] != '{')
        {
            c.Draft.RawBody = Encoding.UTF8.GetBytes(text);
            return;
        }
        var field = c.Pick(fields);
        var duplicate = $"\"{field.Key}\":{c.Pick(OtherTypes)},";
        c.Draft.RawBody = Encoding.UTF8.GetBytes("{" + duplicate + text[1..]);
    }

    private static void MissingField(MutationContext c)
    {
        var fields = c.Draft.Slots().Where(s => s.Key is not null).ToList();
        if (fields.Count == 0) return;
        var field = c.Pick(fields);
        ((JsonObject)field.Parent).Remove(field.Key!);
    }

    private static void UnknownField(MutationContext c)
    {
        var objects = c.Draft.Slots().Select(s => s.Value).OfType<JsonObject>().Prepend(c.Draft.Json as JsonObject).OfType<JsonObject>().ToList();
        if (objects.Count == 0) return;
        c.Pick(objects)[c.Pick(["__proto__", "constructor", "$type", "id", "orgId", "OrgId", "role", "", " ", "a.b", "é", "x\u0000y"])] = c.Pick(["x", "1", "{}"]);
    }

    private static void JsonScalarBody(MutationContext c)
    {
        c.Draft.Json = null;
        c.Draft.RawBody = Encoding.UTF8.GetBytes(c.Pick(["null", "[]", "[null]", "\"text\"", "0", "true", "{}", "[{}]", " ", "{\"\":\"\"}"]));
        c.Draft.ContentType ??= "application/json";
    }

    private static void EmptyBody(MutationContext c)
    {
        c.Draft.Json = null;
        c.Draft.RawBody = [];
        c.Draft.ContentType = c.Pick<string?>(["application/json", null, "application/json; charset=utf-8"]);
    }

    private static readonly string[] BadIds =
    [
        "not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "..%2f..%2f..%2fwindows%2fwin.ini", "%00", "%2e%2e", "12345", "-1", "0", "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff", "%7B00000000-0000-0000-0000-000000000000%7D", "6f1c1c56000040008000000000000000x", "%FF%FE", "%ED%A0%80", "%C0%AF",
        "%27%20OR%201%3D1--", "%3Cscript%3E", "%20", "%E2%80%8B", "null", "undefined", "NaN", "1e309", "%25", "%2F", "%5C..%5C",
    ];

    private static void BadPathId(MutationContext c)
    {
        var parameter = c.Pick(c.Operation.PathParameters);
        var value = c.Random.Next(10) == 0 ? new string(c.Pick(['a', '9', '-']), c.Pick([1_000, 10_000])) : c.Pick(BadIds);
        var segments = c.Operation.Template.Split('/');
        var draftSegments = c.Draft.Path.Split('/');
        var index = Array.IndexOf(segments, "{" + parameter.Name + "}");
        if (index >= 0 && index < draftSegments.Length) draftSegments[index] = value;
        c.Draft.Path = string.Join('/', draftSegments);
        // Kestrel refuses a path that decodes to a NUL itself (an empty 400), before routing.
        if (value.Contains("%00", StringComparison.Ordinal)) c.Draft.KestrelRefusals.Add(400);
    }

    private static readonly string[] BadQueryValues =
    [
        "", "%00", "a%00b", "%1B%5B31m", "%FF", "%ED%A0%80", "%C0%AF", "-1", "0", "2147483648", "-2147483649", "9223372036854775808", "1e309", "NaN", "1.5",
        "no_such_value", "ADMIN", "true", "not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "2024-13-45", "%2B", "%25", "%26%3D", "[]", "%7B%7D", "a,b,c",
    ];

    private static void BadQueryValue(MutationContext c)
    {
        var parameter = c.Pick(c.Operation.QueryParameters);
        c.Draft.Query.RemoveAll(q => q.Key == parameter.Name);
        var value = c.Random.Next(10) == 0 ? new string('q', c.Pick([2_000, 7_000])) : c.Pick(BadQueryValues);
        c.Draft.Query.Add(new(parameter.Name, value));
        // Sometimes twice, or in array syntax.
        if (c.Random.Next(5) == 0) c.Draft.Query.Add(new(parameter.Name, c.Pick(BadQueryValues)));
        if (c.Random.Next(8) == 0) c.Draft.Query.Add(new(parameter.Name + "%5B%5D", "x"));
    }

    private static void UnknownQuery(MutationContext c) =>
        c.Draft.Query.Add(new(c.Pick(["orgId", "%00", "__proto__", "page%00", "a%FFb", "$filter", "include"]), c.Pick(["1", "%00", "x"])));

    private static void LongQuery(MutationContext c)
    {
        // Over the 8 KiB the API serves (a 414 problem), or over Kestrel's own request line limit (its empty 414).
        var beyondKestrel = c.Random.Next(3) == 0;
        var length = beyondKestrel ? c.Random.Next(33 * 1024, 60 * 1024) : c.Random.Next(9 * 1024, 30 * 1024);
        c.Draft.Query.Add(new(c.Operation.QueryParameters.Count > 0 ? c.Pick(c.Operation.QueryParameters).Name : "q", new string('l', length)));
        if (beyondKestrel) c.Draft.KestrelRefusals.Add(414);
    }

    private static readonly string?[] ContentTypes =
    [
        null, "text/plain", "text/plain; charset=utf-8", "application/xml", "text/xml", "multipart/form-data; boundary=fuzz", "multipart/form-data",
        "application/x-www-form-urlencoded", "application/octet-stream", "application/json-patch+json", "application/problem+json", "application/merge-patch+json",
        "*/*", "json", "application/", "/", ";", "application/json; boundary=x", "application/json;;", "application/json; charset=\"", "APPLICATION/JSON", "application/vnd.api+json",
        "text/json", "application/*+json", new string('a', 3000),
    ];

    private static void WrongContentType(MutationContext c)
    {
        c.Draft.ContentType = c.Pick(ContentTypes);
        if (c.Draft.Json is null && c.Draft.RawBody is null) c.Draft.RawBody = Encoding.UTF8.GetBytes("{\"a\":1}");
        if (c.Draft.ContentType?.StartsWith("multipart", StringComparison.Ordinal) == true && c.Random.Next(2) == 0)
            c.Draft.RawBody = Encoding.UTF8.GetBytes("--fuzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--fuzz--\r\n");
    }

    private static void WrongCharset(MutationContext c)
    {
        var charset = c.Pick(["utf-16", "utf-16le", "utf-32", "iso-8859-1", "windows-1252", "us-ascii", "no-such-charset", "", "\"utf-8\"", "utf8", "UTF-8; q=1", "utf-7"]);
        c.Draft.ContentType = $"application/json; charset={charset}";
        if (charset.StartsWith("utf-16", StringComparison.Ordinal) && c.Random.Next(2) == 0)
            c.Draft.RawBody = Encoding.Unicode.GetBytes(c.Draft.Json!.ToJsonString());
    }

    private static void HugeHeader(MutationContext c)
    {
        // Over the 32 KiB of headers the API serves (a 431 problem), or over Kestrel's own limit (its empty 431).
        var beyondKestrel = c.Random.Next(3) == 0;
        var length = beyondKestrel ? c.Random.Next(65 * 1024, 80 * 1024) : c.Random.Next(33 * 1024, 60 * 1024);
        c.Draft.Headers.Add(new(c.Pick(["X-Fuzz", "Cookie", "Accept", "User-Agent", "Referer"]), new string('h', length)));
        if (beyondKestrel) c.Draft.KestrelRefusals.Add(431);
    }

    private static void ManyHeaders(MutationContext c)
    {
        var count = c.Pick([50, 150, 300]);
        for (var i = 0; i < count; i++) c.Draft.Headers.Add(new($"X-Fuzz-{i}", "v"));
        // Kestrel counts headers itself (MaxRequestHeaderCount) and answers an empty 431 past its limit.
        if (count > 100) c.Draft.KestrelRefusals.Add(431);
    }

    private static readonly (string Name, string Value)[] OddHeaderValues =
    [
        ("Accept", "application/xml"), ("Accept", "text/html;q=abc"), ("Accept", "*/*;q=0"), ("Accept-Charset", "utf-16"), ("Accept-Encoding", "gzip;q=x, br"),
        ("Accept-Language", "xx-XX;q=2, *;q=-1"), ("Content-Encoding", "gzip"), ("Content-Encoding", "br"), ("X-HTTP-Method-Override", "DELETE"),
        ("If-None-Match", "\"garbage"), ("If-Modified-Since", "yesterday"), ("Range", "bytes=abc-"), ("Range", "bytes=-0"), ("Origin", "https://evil.example"),
        ("X-Forwarded-For", "not-an-ip, ::::"), ("X-Forwarded-Proto", "gopher"), ("X-Forwarded-Host", "evil.example"), ("Cookie", "a=%00; b"), ("Expect", "fuzz"),
        ("Authorization", "Bearer"), ("Authorization", "Bearer x.y.z"), ("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), ("Authorization", "Basic Zm9vOmJhcg=="),
        ("Authorization", "Bearer vtk_00000000_" + new string('0', 32)), ("X-Api-Key", "vtk_nope"), ("X-Api-Key", ""), ("Idempotency-Key", new string('k', 500)),
        ("Host", "evil.example"), ("Host", "[::1"), ("Host", "a b"),
    ];

    private static void OddHeaders(MutationContext c)
    {
        var (name, value) = c.Pick(OddHeaderValues);
        c.Draft.Headers.Add(new(name, value));
        // A Host that is not a host name is refused by Kestrel itself.
        if (name == "Host" && value != "evil.example") c.Draft.KestrelRefusals.Add(400);
    }

    private static void WrongMethod(MutationContext c) =>
        c.Draft.Method = c.Pick(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "FUZZ", "TRACE"]);

    private static List<JsonSlot> StringSlots(MutationContext c) =>
        c.Draft.Slots().Where(s => s.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();

    private static List<JsonSlot> StringSlotsOrAny(MutationContext c) => StringSlots(c) is { Count: > 0 } strings ? strings : c.Draft.Slots();
}

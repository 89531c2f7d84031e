using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace VoiceTraining.Api.Http;

/// <summary>
/// Binds enums in query strings and routes by the same names the JSON uses (snake_case, e.g.
/// status=in_progress), case-insensitively; numbers and unknown names are a 400.
/// </summary>
internal sealed class SnakeCaseEnumModelBinder(Type enumType) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None) return Task.CompletedTask;
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);

        var text = value.FirstValue?.Trim();
        if (string.IsNullOrEmpty(text)) return Task.CompletedTask;
        var compact = text.Replace("_", "", StringComparison.Ordinal);
        if (!char.IsDigit(compact[0]) && compact[0] != '-'
            && Enum.TryParse(enumType, compact, ignoreCase: true, out var parsed) && Enum.IsDefined(enumType, parsed!))
        {
            bindingContext.Result = ModelBindingResult.Success(parsed);
            return Task.CompletedTask;
        }

        var allowed = string.Join(", ", Enum.GetNames(enumType).Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, $"'{text}' is not one of: {allowed}.");
        return Task.CompletedTask;
    }
}

internal sealed class SnakeCaseEnumModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return type.IsEnum && context.BindingInfo.BindingSource != BindingSource.Body ? new SnakeCaseEnumModelBinder(type) : null;
    }
}
